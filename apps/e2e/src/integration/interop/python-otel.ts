import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The OpenTelemetry Python SDK versions the interoperability test installs (from PyPI). */
const PYTHON_PACKAGES = ['opentelemetry-sdk==1.38.0', 'opentelemetry-exporter-otlp-proto-http==1.38.0', 'opentelemetry-exporter-otlp-proto-grpc==1.38.0'];

/**
 * A virtualenv with the OpenTelemetry Python SDK, created once per machine under the cache
 * directory. Throws with a clear message when python3 or PyPI cannot be had: the test then
 * fails, it is not skipped.
 */
export function ensurePythonOtel(cacheDir: string): string {
  // The folder name changes whenever the package list does, so a cached venv never lacks one.
  const venv = path.join(cacheDir, 'otel-python-1.38.0-http-grpc');
  const python = path.join(venv, 'bin', 'python');
  if (existsSync(path.join(venv, '.complete'))) return python;
  const created = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`python3 -m venv failed (python3 with venv is needed for the Python interop test): ${created.stderr}`);
  const installed = spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...PYTHON_PACKAGES], { encoding: 'utf8', timeout: 300_000 });
  if (installed.status !== 0) throw new Error(`pip could not install ${PYTHON_PACKAGES.join(' ')}: ${installed.stderr}`);
  execFileSync('touch', [path.join(venv, '.complete')]);
  return python;
}

/**
 * A small program using the Python SDK's own OTLP exporter — OTLP/HTTP protobuf, or OTLP/gRPC
 * when the first argument is "grpc" — configured by the standard OTEL_* variables; prints the trace id.
 */
export const PYTHON_SENDER = `
import os, sys, time
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
if len(sys.argv) > 1 and sys.argv[1] == "grpc":
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
else:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
provider = TracerProvider(resource=Resource.create({"service.name": "py-billing", "deployment.environment": "interop"}))
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
tracer = provider.get_tracer("interop")
with tracer.start_as_current_span("POST /invoices", kind=trace.SpanKind.SERVER) as root:
    root.set_attribute("http.method", "POST")
    root.set_attribute("http.route", "/invoices")
    with tracer.start_as_current_span("SELECT invoices", kind=trace.SpanKind.CLIENT) as child:
        child.set_attribute("db.system", "postgresql")
        child.set_attribute("db.statement", "SELECT * FROM invoices WHERE id = $1")
        time.sleep(0.005)
    print(format(root.get_span_context().trace_id, "032x"))
provider.shutdown()
`;
