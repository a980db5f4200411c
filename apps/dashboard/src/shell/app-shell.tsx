import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/api-client';
import { useLogout, useSession } from '../api/tenancy.queries';
import { ErrorState, LoadingState } from '../ui/status-message';
import { LanguageSwitcher } from './language-switcher';
import { ScopeSwitcher, SettingsNav } from './scope-switcher';

/** The frame around every signed-in page: product, scope switcher, navigation, language, user. */
export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();

  if (session.isPending) return <LoadingState />;
  if (session.error instanceof ApiError && session.error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (!session.data) return <ErrorState title={t('shell.sessionError')} error={session.error} onRetry={() => void session.refetch()} />;

  return (
    <div className="app">
      <header className="app-header">
        <NavLink to="/traces" className="app-header__brand">
          {t('app.name')}
        </NavLink>
        <ScopeSwitcher session={session.data} />
        <nav className="app-header__nav">
          <NavLink to="/layers" className="app-header__link">
            {t('app.nav.layers')}
          </NavLink>
          <NavLink to="/traces" className="app-header__link">
            {t('app.nav.traces')}
          </NavLink>
          <NavLink to="/alerts" className="app-header__link">
            {t('alerts.nav.history')}
          </NavLink>
          <SettingsNav />
        </nav>
        <div className="app-header__end">
          <LanguageSwitcher />
          <span className="app-header__user" title={session.data.user.email} data-testid="current-user">
            {session.data.user.name}
            {session.data.current.role && <span className="badge badge--role">{t(`roles.${session.data.current.role}`)}</span>}
          </span>
          <button type="button" className="button button--header" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}>
            {t('shell.logout')}
          </button>
        </div>
      </header>
      <main className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
