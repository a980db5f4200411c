// A stand-in OTLP/HTTP receiver: answers 200 at once and keeps the trace bodies, so the bench can
// count the exported spans afterwards without spending CPU on decoding while it measures.
import http from 'node:http';

const port = Number(process.env.BENCH_SINK_PORT);
const bodies = [];
const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    if (request.url === '/v1/traces') bodies.push(Buffer.concat(chunks));
    response.writeHead(200, { 'content-type': 'application/x-protobuf' });
    response.end();
  });
});
process.on('message', (message) => {
  if (message === 'take') {
    process.send(bodies.map((body) => body.toString('base64')));
    bodies.length = 0;
  }
});
server.listen(port, '127.0.0.1', () => process.send('ready'));
