import type { ExportResult } from '@opentelemetry/core';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { ProtobufTraceSerializer, type IExportTraceServiceResponse, type IExporterMetricsHelper, type ISerializer } from '@opentelemetry/otlp-transformer';

import type { EncodedSpans, EncodedSpansExporter } from './encoding-batch.processor';

/** What {@link LinkscopeTraceExporter} is given: the options of OpenTelemetry's OTLP/HTTP exporters it passes on. */
export interface LinkscopeTraceExporterOptions {
  /** Full URL, ending in `/v1/traces`. */
  url: string;
  headers: Record<string, string>;
  /** One export, retries included. */
  timeoutMillis: number;
}

/** Counts the spans of an export for OpenTelemetry's exporter self-metrics, as its trace helper counts a span array. */
const ENCODED_SPANS_METRICS: IExporterMetricsHelper<EncodedSpans> = { name: 'span', countItems: (request) => request.length };

/**
 * OTLP/HTTP protobuf span exporter for requests {@link EncodingBatchSpanProcessor} has already
 * encoded: OpenTelemetry's HTTP export delegate (transport over `node:http` keep-alive, the
 * `OTEL_EXPORTER_OTLP_*` settings including compression, retries of 429/502/503/504 and network
 * errors within the timeout honouring `Retry-After`, the limit on concurrent exports, the same
 * errors in the result) sending the bytes as they are. Everything that reads export results
 * (`ExportDiagnostics.watch`) sees the results OpenTelemetry's `OTLPTraceExporter` would give.
 */
export class LinkscopeTraceExporter extends OTLPExporterBase<EncodedSpans> implements EncodedSpansExporter {
  constructor(options: LinkscopeTraceExporterOptions) {
    super(
      createOtlpHttpExportDelegate(
        convertLegacyHttpOptions(options, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' }),
        encodedSerializer(),
        'otlp_http_span_exporter',
        ENCODED_SPANS_METRICS,
        undefined,
      ),
    );
  }

  override export(request: EncodedSpans, resultCallback: (result: ExportResult) => void): void {
    super.export(request, resultCallback);
  }
}

function encodedSerializer(): ISerializer<EncodedSpans, IExportTraceServiceResponse> {
  return {
    serializeRequest: (request) => request.bytes,
    deserializeResponse: (data) => ProtobufTraceSerializer.deserializeResponse(data),
  };
}
