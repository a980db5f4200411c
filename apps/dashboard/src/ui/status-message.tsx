import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NO_RESPONSE_STATUS } from '../api/api-client';

/** A centred block for the loading, empty and error states of a view. */
function StatusMessage({ tone, title, children }: { tone: 'neutral' | 'error'; title: string; children?: ReactNode }) {
  return (
    <div className={`status-message status-message--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <p className="status-message__title">{title}</p>
      {children}
    </div>
  );
}

export function LoadingState() {
  const { t } = useTranslation();
  return <StatusMessage tone="neutral" title={t('common.loading')} />;
}

export function EmptyState({ title, hint }: { title: string; hint?: string }) {
  return (
    <StatusMessage tone="neutral" title={title}>
      {hint && <p className="status-message__detail">{hint}</p>}
    </StatusMessage>
  );
}

/** An error with what the api said about it and, when it may help, a retry button. */
export function ErrorState({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  let detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    const origin = error.status === NO_RESPONSE_STATUS ? t('common.noResponse') : t('common.httpStatus', { status: error.status });
    detail = `${origin} · ${error.code}: ${error.message}`;
  }
  return (
    <StatusMessage tone="error" title={title}>
      <p className="status-message__detail">{detail}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </StatusMessage>
  );
}

/**
 * The four states of a list read from the api: loading, failed (with a retry), empty, or the
 * rows. Rows already shown stay shown when a background refetch fails. Without `empty`, an empty
 * list is handed to `children` like any other.
 */
export function ListStates<T>({
  query,
  items,
  loadError,
  empty,
  children,
}: {
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  items: readonly T[] | undefined;
  loadError: string;
  empty?: ReactNode;
  children: (items: readonly T[]) => ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (!items) return <ErrorState title={loadError} error={query.error} onRetry={() => void query.refetch()} />;
  if (items.length === 0 && empty !== undefined) return empty;
  return children(items);
}
