/** One-line JSON logs on stdout, the same shape as the collector's pino lines. */
export function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), service: 'worker', msg, ...fields })}\n`);
}
