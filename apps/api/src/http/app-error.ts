/** An expected failure with a stable code; the exception filter maps it to HTTP. */
export class AppError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'INVALID_REQUEST' | 'UNAVAILABLE',
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
