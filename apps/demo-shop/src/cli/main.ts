import { formatFaults, parseDemoCommand, USAGE } from './demo-cli';

/** `npm run demo -- …`: switches the demo shop's faults through the gateway's HTTP API. */
async function main(): Promise<number> {
  const command = parseDemoCommand(process.argv.slice(2), (process.env['DEMO_GATEWAY_URL'] ?? 'http://127.0.0.1:8081').replace(/\/+$/, ''));
  if (command.kind === 'usage') {
    console.error(command.error === undefined ? USAGE : `demo: ${command.error}\n${USAGE}`);
    return 2;
  }
  try {
    let body: unknown;
    if (command.kind === 'list') {
      body = await (await request(`${command.gatewayUrl}/faults`, 'GET')).json();
    } else {
      for (const name of command.names) {
        const response = await request(`${command.gatewayUrl}/faults/${name}`, 'PUT', { enabled: command.enabled });
        body = await response.json();
      }
    }
    console.log(formatFaults((body as { faults: Parameters<typeof formatFaults>[0] }).faults));
    return 0;
  } catch (error) {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function request(url: string, method: 'GET' | 'PUT', body?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  }).catch((error: unknown) => {
    throw new Error(`the gateway at ${url} does not answer (${(error as { cause?: { code?: string } }).cause?.code ?? String(error)}); is the demo shop running?`);
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return response;
}

void main().then((code) => process.exit(code));
