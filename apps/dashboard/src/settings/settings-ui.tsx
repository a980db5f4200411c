import type { SessionView } from '@linkscope/domain';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/tenancy.queries';
import { formatCalendarTime } from '../format/time.format';
import { SettingsTabs } from '../shell/scope-switcher';

/** A settings page: a title, an optional hint and its sections. */
export function SettingsPage({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession().data;
  return (
    <div className="page page--narrow settings">
      <title>{`${title} · ${t('app.name')}`}</title>
      <SettingsTabs permissions={session?.permissions ?? []} />
      <h1 className="page__title">{title}</h1>
      {hint && <p className="muted">{hint}</p>}
      {children}
    </div>
  );
}

/** A secret the api returns once: shown with a copy button and a warning that it will not be shown again. */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="banner banner--warning secret-once" role="status">
      <p>
        <strong>{label}</strong> {t('settings.secretOnce')}
      </p>
      <code className="mono secret-once__value" data-testid="secret-once">
        {secret}
      </code>
      <div className="toolbar toolbar--tight">
        <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(secret)}>
          {t('settings.copy')}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          {t('settings.done')}
        </button>
      </div>
    </div>
  );
}

/** The current session, which a settings page only renders inside the shell. */
export function useCurrentSession(): SessionView | undefined {
  return useSession().data;
}

export function useDateTime(): (iso: string | null) => string {
  const { i18n } = useTranslation();
  return (iso) => (iso ? formatCalendarTime(Date.parse(iso), i18n.language) : '—');
}
