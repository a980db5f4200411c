/* global console, setImmediate, setTimeout */
// A tool beside bench:sdk, not part of it: the CPU an SDK spends on one request's tracing, without
// sockets, so the figure does not move with the machine's load as much as a served request does.
// Each simulated request creates Node's request and response objects, publishes the
// `http.server.*` diagnostics-channel messages Node publishes, emits `request` (which plain
// OpenTelemetry's instrumentation wraps) and the response's `finish` and `close`; spans are batched,
// encoded and exported to an OTLP receiver at OTEL_EXPORTER_OTLP_ENDPOINT as in a real service.
//   node bench/sdk/span-path.cjs <none|linkscope|otel> [requests] [register.js of another build]
// Prints CPU µs per simulated request (the last batch's export and ~2.4 s of idle timers included).
const variant = process.argv[2] ?? 'linkscope';
const N = Number(process.argv[3] ?? 100000);
process.env.OTEL_SERVICE_NAME ??= 'span-path';
process.env.LINKSCOPE_API_KEY ??= 'ls_bench_key';
if (variant === 'linkscope') require(process.argv[4] ?? '@linkscope/sdk-node/register');
if (variant === 'otel') {
  process.env.BENCH_SINK_URL ??= process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  Object.assign(process.env, { BENCH_BSP_SCHEDULE_DELAY_MS: '1000', BENCH_BSP_MAX_QUEUE_SIZE: '2048', BENCH_BSP_MAX_EXPORT_BATCH_SIZE: '512', BENCH_BSP_EXPORT_TIMEOUT_MS: '10000' });
  require('./plain-otel.cjs');
}
const http = require('node:http');
const net = require('node:net');
const dc = require('node:diagnostics_channel');
const start = dc.channel('http.server.request.start');
const finish = dc.channel('http.server.response.finish');
const server = http.createServer(() => {});
const socket = new net.Socket();
Object.defineProperty(socket, 'remoteAddress', { value: '127.0.0.1' });
Object.defineProperty(socket, 'remotePort', { value: 50000 });

function oneRequest() {
  const request = new http.IncomingMessage(socket);
  request.method = 'GET';
  request.url = '/items/42';
  request.httpVersion = '1.1';
  request.httpVersionMajor = 1;
  request.httpVersionMinor = 1;
  request.headers = { host: '127.0.0.1:21401' };
  const response = new http.ServerResponse(request);
  if (start.hasSubscribers) start.publish({ request, response, socket, server });
  server.emit('request', request, response);
  response.statusCode = 200;
  response.emit('prefinish');
  if (finish.hasSubscribers) finish.publish({ request, response, socket, server });
  response.emit('finish');
  response.emit('close');
}

async function run(requests) {
  for (let done = 0; done < requests; done += 256) {
    for (let i = 0; i < 256; i += 1) oneRequest();
    await new Promise((resolve) => setImmediate(resolve)); // let batches export
  }
}

(async () => {
  await run(20_000);
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const before = process.cpuUsage();
  await run(N);
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const used = process.cpuUsage(before);
  console.log(`${variant}: ${((used.user + used.system) / N).toFixed(2)} µs CPU per simulated request`);
  process.exit(0);
})();
