import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

const MAX_RETRIES = 2;

/**
 * The app's one query client. Client errors (4xx) are final and never retried; anything else is
 * retried twice with TanStack's default backoff, which rides out an api restart.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => !(error instanceof ApiError && error.isClientError) && failureCount < MAX_RETRIES,
        refetchOnWindowFocus: false,
      },
    },
  });
}
