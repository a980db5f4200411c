import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateProject, useProjects, useSelectScope } from '../api/tenancy.queries';
import { FormError } from '../auth/auth-card';
import { ListStates } from '../ui/status-message';
import { SettingsPage, useCurrentSession, useDateTime } from './settings-ui';

/** `/settings/projects`: the organisation's projects; admins create them (one per system or environment). */
export function ProjectsPage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const projects = useProjects();
  const create = useCreateProject();
  const select = useSelectScope();
  const when = useDateTime();
  const [form, setForm] = useState({ id: '', name: '' });
  const canCreate = session?.permissions.includes('projects:write') ?? false;
  const organisationId = session?.current.organisationId;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(form, {
      onSuccess: (project) => {
        setForm({ id: '', name: '' });
        if (organisationId) select.mutate({ organisationId, projectId: project.id });
      },
    });
  };

  return (
    <SettingsPage title={t('settings.projects.title')} hint={t('settings.projects.hint')}>
      {canCreate && (
        <form className="settings-section settings-form" onSubmit={submit} data-testid="create-project">
          <label className="field">
            <span className="field__label">{t('settings.projects.id')}</span>
            <input className="input" name="projectId" required value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} placeholder="checkout-prod" />
          </label>
          <label className="field">
            <span className="field__label">{t('settings.projects.name')}</span>
            <input className="input" name="projectName" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="Checkout (production)" />
          </label>
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {t('settings.projects.create')}
          </button>
          <FormError error={create.error} />
        </form>
      )}
      <section className="settings-section">
        <ListStates query={projects} items={projects.data?.projects} loadError={t('settings.loadError')} empty={<p className="muted">{t('settings.projects.none')}</p>}>
          {(projects) => (
            <table className="settings-table">
              <thead>
                <tr>
                  <th>{t('settings.projects.name')}</th>
                  <th>{t('settings.projects.id')}</th>
                  <th>{t('settings.created')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {projects.map((project) => (
                  <tr key={project.id} data-testid="project-row">
                    <td>{project.name}</td>
                    <td className="mono">{project.id}</td>
                    <td>{when(project.createdAt)}</td>
                    <td>
                      {session?.current.projectId === project.id ? (
                        <span className="badge badge--ok">{t('settings.projects.current')}</span>
                      ) : (
                        <button type="button" className="button button--quiet" onClick={() => organisationId && select.mutate({ organisationId, projectId: project.id })}>
                          {t('settings.projects.switch')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </ListStates>
      </section>
    </SettingsPage>
  );
}
