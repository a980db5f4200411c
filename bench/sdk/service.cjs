// The service under test: a minimal JSON endpoint with no telemetry code of its own. The bench
// starts it three times: bare, with the plain OpenTelemetry SDK preloaded, and with ours.
// CommonJS, so both SDKs instrument it the same way (through require).
const http = require('node:http');

const port = Number(process.env.BENCH_SERVICE_PORT);
const server = http.createServer((request, response) => {
  const body = JSON.stringify({ ok: true, path: request.url, at: Date.now() });
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
