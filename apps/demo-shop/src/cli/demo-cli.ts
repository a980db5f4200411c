import { FAULTS, isFaultName } from '../shared/faults';

export const USAGE = `usage: npm run demo -- faults                      list the fault switches and their state
       npm run demo -- fault <name> on|off         switch one (every service follows within 1 s)
       npm run demo -- fault all off               switch every fault off
options: --gateway <url>  (default: $DEMO_GATEWAY_URL or http://127.0.0.1:8081)
faults:  ${Object.keys(FAULTS).join(', ')}`;

/** A parsed command line. */
export type DemoCommand =
  | { kind: 'list'; gatewayUrl: string }
  | { kind: 'switch'; gatewayUrl: string; names: string[]; enabled: boolean }
  | { kind: 'usage'; error?: string };

/** Parses `faults` / `fault <name|all> on|off` with an optional `--gateway <url>`. */
export function parseDemoCommand(argv: readonly string[], defaultGatewayUrl: string): DemoCommand {
  const args = [...argv];
  let gatewayUrl = defaultGatewayUrl;
  const flag = args.indexOf('--gateway');
  if (flag >= 0) {
    const value = args[flag + 1];
    if (value === undefined) return { kind: 'usage', error: '--gateway needs a URL' };
    gatewayUrl = value.replace(/\/+$/, '');
    args.splice(flag, 2);
  }
  const [command, name, state] = args;
  if (command === 'faults' && args.length === 1) return { kind: 'list', gatewayUrl };
  if (command !== 'fault' || name === undefined || (state !== 'on' && state !== 'off') || args.length !== 3) return { kind: 'usage' };
  if (name === 'all') return { kind: 'switch', gatewayUrl, names: Object.keys(FAULTS), enabled: state === 'on' };
  if (!isFaultName(name)) return { kind: 'usage', error: `unknown fault "${name}"` };
  return { kind: 'switch', gatewayUrl, names: [name], enabled: state === 'on' };
}

interface FaultView {
  name: string;
  enabled: boolean;
  service: string;
  layer: string;
  finding: string;
}

/** The state table the CLI prints. */
export function formatFaults(faults: readonly FaultView[]): string {
  const width = Math.max(...faults.map((fault) => fault.name.length));
  return faults
    .map((fault) => `${fault.enabled ? 'ON ' : 'off'}  ${fault.name.padEnd(width)}  ${fault.service.padEnd(16)}  ${fault.layer}: ${fault.finding}`)
    .join('\n');
}
