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
