import type { Permission, SessionView } from '@linkscope/domain';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useProjects, useSelectScope } from '../api/tenancy.queries';

/** The organisation and project every page works in; switching refetches everything. */
export function ScopeSwitcher({ session }: { session: SessionView }) {
  const { t } = useTranslation();
  const select = useSelectScope();
  const projects = useProjects();
  const { organisationId, projectId } = session.current;
  return (
    <div className="scope-switcher">
      <label className="field field--inline">
        <span className="visually-hidden">{t('shell.organisation')}</span>
        <select
          className="select select--header"
          data-testid="org-switcher"
          value={organisationId ?? ''}
          disabled={select.isPending}
          onChange={(event) => select.mutate({ organisationId: event.target.value })}
        >
          {session.organisations.map((org) => (
            <option key={org.organisationId} value={org.organisationId}>
              {org.organisationName}
            </option>
          ))}
        </select>
      </label>
      <span className="scope-switcher__slash" aria-hidden="true">
        /
      </span>
      <label className="field field--inline">
        <span className="visually-hidden">{t('shell.project')}</span>
        <select
          className="select select--header"
          data-testid="project-switcher"
          value={projectId ?? ''}
          disabled={select.isPending || !organisationId}
          onChange={(event) => organisationId && select.mutate({ organisationId, projectId: event.target.value })}
        >
          {projectId === null && <option value="">{t('shell.noProject')}</option>}
          {(projects.data?.projects ?? []).map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The organisation's settings pages the user may open (the api refuses the rest anyway). */
export function settingsLinks(permissions: readonly Permission[]): { to: string; key: 'projects' | 'members' | 'ingestKeys' | 'apiTokens' | 'audit' }[] {
  const can = (permission: Permission) => permissions.includes(permission);
  return [
    { to: '/settings/projects', key: 'projects' as const, shown: true },
    { to: '/settings/members', key: 'members' as const, shown: true },
    { to: '/settings/ingest-keys', key: 'ingestKeys' as const, shown: can('keys:manage') },
    { to: '/settings/api-tokens', key: 'apiTokens' as const, shown: can('tokens:manage') },
    { to: '/settings/audit', key: 'audit' as const, shown: can('audit:read') },
  ].filter((link) => link.shown);
}

/** One header link to the settings pages; the pages show the rest as tabs. */
export function SettingsNav() {
  const { t } = useTranslation();
  return (
    <NavLink to="/settings/projects" className={() => `app-header__link${window.location.pathname.startsWith('/settings/') ? ' active' : ''}`}>
      {t('shell.nav.settings')}
    </NavLink>
  );
}

/** The tabs above every settings page. */
export function SettingsTabs({ permissions }: { permissions: readonly Permission[] }) {
  const { t } = useTranslation();
  return (
    <nav className="settings-tabs" aria-label={t('shell.nav.settings')}>
      {settingsLinks(permissions).map((link) => (
        <NavLink key={link.to} to={link.to} className="settings-tabs__link">
          {t(`shell.nav.${link.key}`)}
        </NavLink>
      ))}
    </nav>
  );
}
