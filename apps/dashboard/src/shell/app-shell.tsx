import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { LanguageSwitcher } from './language-switcher';

/** The frame around every page: product name, navigation and language switcher above the page. */
export function AppShell() {
  const { t } = useTranslation();
  return (
    <div className="app">
      <header className="app-header">
        <NavLink to="/traces" className="app-header__brand">
          {t('app.name')}
        </NavLink>
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
        </nav>
        <div className="app-header__end">
          <LanguageSwitcher />
        </div>
      </header>
      <main className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
