import * as path from 'node:path';
import * as protobuf from 'protobufjs';

/** The OTLP .proto files, taken verbatim from the official opentelemetry-proto artifact (see proto/VERSION). */
const PROTO_DIR = path.join(__dirname, '..', 'proto');

const FILES = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
];

let root: protobuf.Root | undefined;

function loadRoot(): protobuf.Root {
  if (root) return root;
  const fresh = new protobuf.Root();
  fresh.resolvePath = (_origin, target) => path.join(PROTO_DIR, target);
  fresh.loadSync(FILES, { keepCase: false });
  // google.rpc.Status is the error body OTLP/HTTP requires; it is three fields, so it is declared here.
  const status = new protobuf.Type('Status')
    .add(new protobuf.Field('code', 1, 'int32'))
    .add(new protobuf.Field('message', 2, 'string'))
    .add(new protobuf.Field('details', 3, 'google.protobuf.Any', 'repeated'));
  const any = new protobuf.Type('Any')
    .add(new protobuf.Field('typeUrl', 1, 'string'))
    .add(new protobuf.Field('value', 2, 'bytes'));
  // RetryInfo tells OTLP/gRPC clients how long to wait before retrying a throttled export.
  const duration = new protobuf.Type('Duration').add(new protobuf.Field('seconds', 1, 'int64')).add(new protobuf.Field('nanos', 2, 'int32'));
  const retryInfo = new protobuf.Type('RetryInfo').add(new protobuf.Field('retryDelay', 1, 'google.protobuf.Duration'));
  fresh.define('google.rpc').add(status).add(retryInfo);
  fresh.define('google.protobuf').add(any).add(duration);
  fresh.resolveAll();
  root = fresh;
  return fresh;
}

export function protoType(name: string): protobuf.Type {
  return loadRoot().lookupType(name);
}
