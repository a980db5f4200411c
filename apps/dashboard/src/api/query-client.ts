import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

const MAX_RETRIES = 2;

/** Pages that work without a session: a 401 there is an answer, not a reason to leave. */
const PUBLIC_PATHS = ['/login', '/signup', '/invite'];

/** Any 401 (session ended, expired or revoked) sends the browser to the login page, then back. */
function redirectToLoginOn401(error: unknown): void {
  if (!(error instanceof ApiError) || error.status !== 401) return;
  const { pathname, search } = window.location;
  if (PUBLIC_PATHS.includes(pathname)) return;
  window.location.assign(`/login?next=${encodeURIComponent(pathname + search)}`);
}

/**
 * The app's one query client. Client errors (4xx) are final and never retried; anything else is
 * retried twice with TanStack's default backoff, which rides out an api restart.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: redirectToLoginOn401 }),
    mutationCache: new MutationCache({ onError: redirectToLoginOn401 }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => !(error instanceof ApiError && error.isClientError) && failureCount < MAX_RETRIES,
        refetchOnWindowFocus: false,
      },
    },
  });
}
