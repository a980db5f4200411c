/**
 * OTLP/JSON arrives as untyped JSON: these helpers read a field as the type the schema promises,
 * treating anything else as absent, so a hostile payload can never make a decoder throw.
 */
export function list<T>(value: readonly T[] | T[] | null | undefined | unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function object<T extends object>(value: T | null | undefined): Partial<T> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Partial<T>) : {};
}
