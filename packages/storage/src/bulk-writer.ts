import type { Client } from '@elastic/elasticsearch';

/** What one bulk write came to. Retryable items mean the whole batch should be retried (creates are idempotent). */
export interface BulkWriteOutcome {
  readonly stored: number;
  readonly duplicates: number;
  readonly retryable: number;
  readonly rejected: number;
  /** The first few rejection reasons, for logs. */
  readonly rejectReasons: readonly string[];
}

export interface BulkDocument {
  readonly index: string;
  readonly id: string;
  readonly doc: object;
}

const BULK_RESPONSE_FIELDS = 'errors,items.*.status,items.*.error.type,items.*.error.reason';

const EMPTY: BulkWriteOutcome = { stored: 0, duplicates: 0, retryable: 0, rejected: 0, rejectReasons: [] };

/**
 * Creates documents with `_bulk` `create` and deterministic ids: a 409 means the document is
 * already there (a retried batch), 429 and 5xx are worth retrying, anything else is refused input.
 * Throws when the request itself fails (cluster unreachable), which callers treat as retryable.
 */
export async function bulkCreate(client: Client, documents: readonly BulkDocument[]): Promise<BulkWriteOutcome> {
  if (documents.length === 0) return EMPTY;
  const operations: object[] = [];
  for (const { index, id, doc } of documents) operations.push({ create: { _index: index, _id: id } }, doc);
  // Only the status and error of each item come back: the full item (index, id, version, shards…)
  // is several times larger and the worker would parse it for nothing.
  const response = await client.bulk({ operations, refresh: false, filter_path: BULK_RESPONSE_FIELDS });
  let stored = 0;
  let duplicates = 0;
  let retryable = 0;
  let rejected = 0;
  const rejectReasons: string[] = [];
  for (const item of response.items) {
    const result = item.create;
    if (!result) continue;
    if (result.status === 201 || result.status === 200) stored++;
    else if (result.status === 409) duplicates++;
    else if (result.status === 429 || result.status >= 500) retryable++;
    else {
      rejected++;
      if (rejectReasons.length < 5) rejectReasons.push(`${result.status} ${result.error?.type ?? ''}: ${result.error?.reason ?? ''}`);
    }
  }
  return { stored, duplicates, retryable, rejected, rejectReasons };
}
