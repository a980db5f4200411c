import type { ExportResult } from '@opentelemetry/core';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { ProtobufTraceSerializer, TraceExporterMetricsHelper, type IExportTraceServiceResponse, type ISerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

import { OtlpTraceEncoder } from './otlp-trace.encoder';

/** What {@link LinkscopeTraceExporter} is given: the options of OpenTelemetry's OTLP/HTTP exporters it passes on. */
export interface LinkscopeTraceExporterOptions {
  /** Full URL, ending in `/v1/traces`. */
  url: string;
  headers: Record<string, string>;
  /** One export, retries included. */
  timeoutMillis: number;
}

/**
 * OTLP/HTTP protobuf span exporter: OpenTelemetry's HTTP export delegate (transport over
 * `node:http` keep-alive, the `OTEL_EXPORTER_OTLP_*` settings including compression, retries of
 * 429/502/503/504 and network errors within the timeout honouring `Retry-After`, the limit on
 * concurrent exports, the same errors in the result) with {@link OtlpTraceEncoder} in place of its
 * protobuf serializer. Everything that reads export results (`ExportDiagnostics.watch`) sees the
 * results OpenTelemetry's `OTLPTraceExporter` would give.
 */
export class LinkscopeTraceExporter extends OTLPExporterBase<ReadableSpan[]> implements SpanExporter {
  constructor(options: LinkscopeTraceExporterOptions) {
    super(
      createOtlpHttpExportDelegate(
        convertLegacyHttpOptions(options, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' }),
        leanSerializer(),
        'otlp_http_span_exporter',
        TraceExporterMetricsHelper,
        undefined,
      ),
    );
  }

  override export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    super.export(spans, resultCallback);
  }
}

function leanSerializer(): ISerializer<ReadableSpan[], IExportTraceServiceResponse> {
  const encoder = new OtlpTraceEncoder();
  return {
    serializeRequest: (spans) => encoder.encode(spans),
    deserializeResponse: (data) => ProtobufTraceSerializer.deserializeResponse(data),
  };
}
