import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ConfigStoreError } from '@linkscope/storage';
import { TenancyError } from '@linkscope/tenancy';
import { ZodError } from 'zod';
import { AppError } from './app-error';

const STATUS: Record<AppError['code'], number> = { NOT_FOUND: 404, INVALID_REQUEST: 400, UNAVAILABLE: 503 };
const TENANCY_STATUS: Record<TenancyError['code'], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  INVALID_REQUEST: 400,
  RATE_LIMITED: 429,
};
const CONFIG_STATUS: Record<ConfigStoreError['code'], number> = { CONFLICT: 409, NOT_FOUND: 404, INVALID: 400 };

/** The one place errors become HTTP answers: `{ statusCode, code, message }`, never a stack trace. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void }; setHeader(name: string, value: string): void }>();
    let statusCode = 500;
    let code = 'INTERNAL';
    let message = 'internal error';
    if (error instanceof AppError) {
      statusCode = STATUS[error.code];
      code = error.code;
      message = error.message;
    } else if (error instanceof TenancyError) {
      statusCode = TENANCY_STATUS[error.code];
      code = error.code;
      message = error.message;
      if (error.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(error.retryAfterSeconds));
    } else if (error instanceof ConfigStoreError) {
      statusCode = CONFIG_STATUS[error.code];
      code = error.code === 'INVALID' ? 'INVALID_REQUEST' : error.code;
      message = error.message;
    } else if (error instanceof ZodError) {
      statusCode = 400;
      code = 'INVALID_REQUEST';
      message = error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ');
    } else if (error instanceof HttpException) {
      statusCode = error.getStatus();
      code = statusCode === 404 ? 'NOT_FOUND' : 'HTTP_ERROR';
      message = error.message;
    } else {
      this.logger.error((error as Error)?.stack ?? String(error));
    }
    response.status(statusCode).json({ statusCode, code, message });
  }
}
