/** An expected refusal of the tenancy layer; the api's exception filter maps `code` to HTTP. */
export class TenancyError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'GONE' | 'INVALID_REQUEST' | 'RATE_LIMITED',
    message: string,
    /** For RATE_LIMITED: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'TenancyError';
  }
}
