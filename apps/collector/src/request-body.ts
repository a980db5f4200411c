import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);

export type BodyResult =
  | { readonly status: 'ok'; readonly body: Buffer }
  | { readonly status: 'too_large' }
  | { readonly status: 'bad_encoding'; readonly reason: string };

/**
 * Undoes Content-Encoding (identity or gzip) with the size limit applied after decompression,
 * so a small gzip bomb is refused rather than inflated.
 */
export async function decodeContentEncoding(raw: Buffer, encoding: string | undefined, maxBytes: number): Promise<BodyResult> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') {
    return raw.length > maxBytes ? { status: 'too_large' } : { status: 'ok', body: raw };
  }
  if (name !== 'gzip') return { status: 'bad_encoding', reason: `unsupported Content-Encoding "${name}" (identity or gzip)` };
  try {
    return { status: 'ok', body: await gunzipAsync(raw, { maxOutputLength: maxBytes }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { status: 'too_large' };
    return { status: 'bad_encoding', reason: `gzip body could not be inflated: ${(error as Error).message}` };
  }
}
