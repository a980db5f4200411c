import type { SessionView } from '@linkscope/domain';
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
