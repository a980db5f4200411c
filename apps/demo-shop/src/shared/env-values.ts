/** The raw environment as the config modules receive it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown at boot when an environment variable holds a value the demo cannot use. */
export class DemoConfigError extends Error {
  readonly code = 'DEMO_CONFIG_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'DemoConfigError';
  }
}

/** The trimmed value, or `fallback` when the variable is unset or blank. */
export function readString(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? fallback : value;
}

/** A TCP port, 1–65535. */
export function readPort(env: Env, name: string, fallback: number): number {
  return readInteger(env, name, fallback, 1, 65_535);
}

/** An integer within `[min, max]`. */
export function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  return readOptionalInteger(env, name, min, max) ?? fallback;
}

/** An optional integer within `[min, max]`; `undefined` when unset or blank. */
export function readOptionalInteger(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DemoConfigError(`${name}="${raw}" must be an integer from ${min} to ${max}.`);
  }
  return value;
}

/** A finite number within `[min, max]` (for rates and shares). */
export function readNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new DemoConfigError(`${name}="${raw}" must be a number from ${min} to ${max}.`);
  }
  return value;
}

/** An absolute http(s) URL, returned without a trailing slash. */
export function readHttpUrl(env: Env, name: string, fallback: string): string {
  const raw = readString(env, name, fallback);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DemoConfigError(`${name}="${raw}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DemoConfigError(`${name}="${raw}" must be an http: or https: URL.`);
  }
  return url.href.replace(/\/+$/, '');
}
