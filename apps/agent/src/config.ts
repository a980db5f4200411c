import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';

const routePattern = z.object({ pattern: z.string().min(1).max(1000), route: z.string().min(1).max(256) });

const fileSchema = z.object({
  path: z.string().min(1),
  /** `combined` (default), `main`, `common`, `json`, a format string, or a whole `log_format` directive. */
  format: z.string().min(1).default('combined'),
  traceIdVariable: z.string().regex(/^\$?[A-Za-z0-9_]+$/).optional(),
  /** Host recorded when the format has no `$host` (or the line's host is `-`). */
  host: z.string().min(1).max(256).optional(),
  /** Where to start in a file found at the first start (no checkpoint yet). Files appearing later are read from their start. */
  startAt: z.enum(['beginning', 'end']).default('end'),
  routePatterns: z.array(routePattern).max(200).default([]),
});

const schema = z.object({
  /** The collector's base URL (OTLP/HTTP port), e.g. http://127.0.0.1:4318. */
  collector: z.string().url(),
  ingestKey: z.string().min(16, 'the ingest key is at least 16 characters'),
  agentId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash and underscore (at most 64)'),
  stateDir: z.string().min(1),
  files: z.array(fileSchema).min(1).max(64),
  pollMs: z.number().int().min(10).max(60_000).default(250),
  /** A minute is closed this long after it ended (lines are written when requests finish, buffered writers flush late). */
  closeGraceMs: z.number().int().min(0).max(600_000).default(10_000),
  checkpointIntervalMs: z.number().int().min(50).max(600_000).default(1000),
  rotationGraceMs: z.number().int().min(0).max(600_000).default(5000),
  slowThresholdMs: z.number().int().min(1).max(3_600_000).default(1000),
  maxRoutes: z.number().int().min(1).max(4000).default(1000),
  maxHosts: z.number().int().min(1).max(500).default(100),
  samplesPerMinute: z.object({ slow: z.number().int().min(0).max(50).default(10), serverError: z.number().int().min(0).max(50).default(10), unparsed: z.number().int().min(0).max(50).default(10) }).default({ slow: 10, serverError: 10, unparsed: 10 }),
  /** Longest line handled (also the read buffer per file); longer lines are counted as unparseable. */
  maxLineBytes: z.number().int().min(4096).max(64 * 1024 * 1024).default(1024 * 1024),
  /** Closed minutes kept on disk while the collector is unreachable (a day of one file by default). */
  maxSpooledBatches: z.number().int().min(10).max(1_000_000).default(20_000),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  minBackoffMs: z.number().int().min(10).max(60_000).default(500),
  maxBackoffMs: z.number().int().min(10).max(600_000).default(30_000),
});

export type AgentConfig = z.infer<typeof schema>;
export type FollowedFileConfig = AgentConfig['files'][number];

export class ConfigError extends Error {
  readonly code = 'AGENT_CONFIG_INVALID';
}

const USAGE = `usage: linkscope-agent [--config agent.json] [--file PATH[=FORMAT]]... [--collector URL] [--state-dir DIR] [--agent-id ID] [--host NAME] [--start-at beginning|end]
  The ingest key comes from LINKSCOPE_API_KEY (or "ingestKey" in the config file); the collector also from LINKSCOPE_ENDPOINT.`;

/**
 * Reads the configuration once at start: an optional JSON file (--config), overridden by flags,
 * with the collector URL and ingest key also taken from LINKSCOPE_ENDPOINT / LINKSCOPE_API_KEY.
 */
export function loadAgentConfig(argv: readonly string[], env: Record<string, string | undefined>): AgentConfig {
  const flags: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new ConfigError(USAGE);
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new ConfigError(`unexpected argument "${arg}"\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new ConfigError(`--${match[1]} needs a value\n${USAGE}`);
    (flags[match[1]!] ??= []).push(value);
  }
  let raw: Record<string, unknown> = {};
  const configFile = flags['config']?.[0];
  if (configFile) {
    try {
      raw = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`cannot read ${configFile}: ${(error as Error).message}`);
    }
  }
  const host = flags['host']?.[0];
  const startAt = flags['start-at']?.[0];
  const files = (flags['file'] ?? []).map((spec) => {
    const at = spec.indexOf('=');
    return { path: at < 0 ? spec : spec.slice(0, at), ...(at < 0 ? {} : { format: spec.slice(at + 1) }), ...(host ? { host } : {}), ...(startAt ? { startAt } : {}) };
  });
  const merged = {
    ...raw,
    collector: flags['collector']?.[0] ?? raw['collector'] ?? env['LINKSCOPE_ENDPOINT'],
    ingestKey: env['LINKSCOPE_API_KEY'] ?? env['LINKSCOPE_INGEST_KEY'] ?? raw['ingestKey'],
    agentId: flags['agent-id']?.[0] ?? raw['agentId'] ?? hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64),
    stateDir: flags['state-dir']?.[0] ?? raw['stateDir'] ?? path.join(process.cwd(), '.linkscope-agent'),
    files: files.length > 0 ? files : raw['files'],
  };
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(`invalid agent configuration: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
