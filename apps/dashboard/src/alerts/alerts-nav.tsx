import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

/** Tabs shared by the alerting pages. */
export function AlertsNav() {
  const { t } = useTranslation();
  const tabs = [
    ['/alerts', t('alerts.nav.history')],
    ['/alerts/rules', t('alerts.nav.rules')],
    ['/alerts/channels', t('alerts.nav.channels')],
    ['/alerts/silences', t('alerts.nav.silences')],
  ] as const;
  return (
    <nav className="tabs" aria-label={t('alerts.nav.label')}>
      {tabs.map(([to, label]) => (
        <NavLink key={to} to={to} end className={({ isActive }) => (isActive ? 'tabs__tab tabs__tab--active' : 'tabs__tab')}>
          {label}
        </NavLink>
      ))}
    </nav>
  );
}

/** The frame of every alerting page: its title, the alerting tabs and the page's own controls, then its body. */
export function AlertsPage({ title, controls, children }: { title: string; controls?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <title>{`${title} · ${t('app.name')}`}</title>
      <div className="toolbar">
        <h1 className="page__title">{title}</h1>
        <AlertsNav />
        {controls}
      </div>
      {children}
    </div>
  );
}
