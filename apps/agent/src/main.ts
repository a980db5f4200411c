#!/usr/bin/env node
import { Agent } from './agent';
import { ConfigError, loadAgentConfig } from './config';

function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), service: 'agent', msg, ...fields })}\n`);
}

function main(): void {
  let config;
  try {
    config = loadAgentConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const agent = new Agent(config, log);
  agent.start();
  const shutdown = async (signal: string): Promise<void> => {
    log('info', 'agent stopping: checkpoint saved, open minutes continue after a restart', { signal, ...agent.status() });
    await agent.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

try {
  main();
} catch (error) {
  log('error', 'agent failed to start', { error: (error as Error).message });
  process.exit(1);
}
