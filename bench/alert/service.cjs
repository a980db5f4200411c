// The bench's service under watch: a plain Node HTTP server with no telemetry code, instrumented by
// preloading the SDK (`node -r @linkscope/sdk-node/register`), exporting with the SDK's defaults.
// GET /rep/<name> answers 200, or, while the fault of <name> is on, 500 for every second request.
// PUT /fault/<name> switches that fault on (it is not traced: the bench's own control path).
const http = require('node:http');
const { URL } = require('node:url');

const faulty = new Set();
let counter = 0;
const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://service');
  const [, kind, name] = url.pathname.split('/');
  if (request.method === 'PUT' && kind === 'fault' && name) {
    faulty.add(name);
    response.writeHead(204).end();
    return;
  }
  if (request.method === 'GET' && kind === 'rep' && name) {
    counter += 1;
    const fail = faulty.has(name) && counter % 2 === 0;
    response.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' }).end(fail ? '{"error":"injected"}' : '{"ok":true}');
    return;
  }
  response.writeHead(404).end();
});
server.listen(Number(process.env.BENCH_SERVICE_PORT), '127.0.0.1', () => process.stdout.write('bench service listening\n'));
process.on('SIGTERM', () => server.close());
