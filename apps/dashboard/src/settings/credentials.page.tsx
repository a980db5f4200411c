import { ROLES, type Role } from '@linkscope/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiTokens, useAuditLog, useCreateApiToken, useCreateIngestKey, useIngestKeys, useRevokeApiToken, useRevokeIngestKey, useRotateIngestKey } from '../api/tenancy.queries';
import { FormError } from '../auth/auth-card';
import { ListStates } from '../ui/status-message';
import { SecretOnce, SettingsPage, useCurrentSession, useDateTime } from './settings-ui';

function Status({ revokedAt }: { revokedAt: string | null }) {
  const { t } = useTranslation();
  return revokedAt ? <span className="badge badge--muted">{t('settings.revoked')}</span> : <span className="badge badge--ok">{t('settings.active')}</span>;
}

/** `/settings/ingest-keys`: the current project's keys. The secret is shown once, at creation or rotation. */
export function IngestKeysPage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const keys = useIngestKeys();
  const create = useCreateIngestKey();
  const rotate = useRotateIngestKey();
  const revoke = useRevokeIngestKey();
  const when = useDateTime();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name }, { onSuccess: (answer) => (setSecret(answer.secret), setName('')) });
  };

  return (
    <SettingsPage title={t('settings.keys.title')} hint={t('settings.keys.hint', { project: session?.current.projectId ?? '—' })}>
      <form className="settings-section settings-form" onSubmit={submit} data-testid="create-key">
        <label className="field">
          <span className="field__label">{t('settings.keys.name')}</span>
          <input className="input" name="keyName" required value={name} onChange={(e) => setName(e.target.value)} placeholder="checkout-prod" />
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t('settings.keys.create')}
        </button>
        <FormError error={create.error} />
      </form>
      {secret && <SecretOnce label={t('settings.keys.secret')} secret={secret} onDone={() => setSecret(null)} />}
      <section className="settings-section">
        <ListStates query={keys} items={keys.data?.keys} loadError={t('settings.loadError')} empty={<p className="muted">{t('settings.keys.none')}</p>}>
          {(keys) => (
            <table className="settings-table">
              <thead>
                <tr>
                  <th>{t('settings.keys.name')}</th>
                  <th>{t('settings.prefix')}</th>
                  <th>{t('settings.created')}</th>
                  <th>{t('settings.status')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id} data-testid="key-row">
                    <td>{key.name}</td>
                    <td className="mono">{key.prefix}…</td>
                    <td>{when(key.createdAt)}</td>
                    <td>
                      <Status revokedAt={key.revokedAt} />
                    </td>
                    <td>
                      {!key.revokedAt && (
                        <div className="row-actions">
                          <button type="button" className="button button--quiet" onClick={() => rotate.mutate(key.id, { onSuccess: (answer) => setSecret(answer.secret) })}>
                            {t('settings.keys.rotate')}
                          </button>
                          <button type="button" className="button button--quiet button--danger" onClick={() => revoke.mutate(key.id)}>
                            {t('settings.revoke')}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </ListStates>
        <FormError error={rotate.error ?? revoke.error} />
      </section>
    </SettingsPage>
  );
}

/** `/settings/api-tokens`: tokens for automation, with a role no stronger than their creator's, optionally one project. */
export function ApiTokensPage() {
  const { t } = useTranslation();
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const when = useDateTime();
  const [form, setForm] = useState<{ name: string; role: Role }>({ name: '', role: 'viewer' });
  const [secret, setSecret] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(form, { onSuccess: (answer) => (setSecret(answer.secret), setForm({ ...form, name: '' })) });
  };

  return (
    <SettingsPage title={t('settings.tokens.title')} hint={t('settings.tokens.hint')}>
      <form className="settings-section settings-form" onSubmit={submit} data-testid="create-token">
        <label className="field">
          <span className="field__label">{t('settings.keys.name')}</span>
          <input className="input" name="tokenName" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="ci-deploy" />
        </label>
        <label className="field">
          <span className="field__label">{t('settings.members.role')}</span>
          <select className="select" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t('settings.tokens.create')}
        </button>
        <FormError error={create.error} />
      </form>
      {secret && <SecretOnce label={t('settings.tokens.secret')} secret={secret} onDone={() => setSecret(null)} />}
      <section className="settings-section">
        <ListStates query={tokens} items={tokens.data?.tokens} loadError={t('settings.loadError')} empty={<p className="muted">{t('settings.tokens.none')}</p>}>
          {(tokens) => (
            <table className="settings-table">
              <thead>
                <tr>
                  <th>{t('settings.keys.name')}</th>
                  <th>{t('settings.prefix')}</th>
                  <th>{t('settings.members.role')}</th>
                  <th>{t('settings.created')}</th>
                  <th>{t('settings.status')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id} data-testid="token-row">
                    <td>{token.name}</td>
                    <td className="mono">{token.prefix}…</td>
                    <td>{t(`roles.${token.role}`)}</td>
                    <td>{when(token.createdAt)}</td>
                    <td>
                      <Status revokedAt={token.revokedAt} />
                    </td>
                    <td>
                      {!token.revokedAt && (
                        <button type="button" className="button button--quiet button--danger" onClick={() => revoke.mutate(token.id)}>
                          {t('settings.revoke')}
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

/** `/settings/audit`: configuration changes of the organisation (who, what, when), newest first. */
export function AuditPage() {
  const { t } = useTranslation();
  const audit = useAuditLog();
  const when = useDateTime();
  return (
    <SettingsPage title={t('settings.audit.title')} hint={t('settings.audit.hint')}>
      <section className="settings-section">
        <ListStates query={audit} items={audit.data?.entries} loadError={t('settings.loadError')}>
          {(entries) => (
            <table className="settings-table">
              <thead>
                <tr>
                  <th>{t('settings.audit.when')}</th>
                  <th>{t('settings.audit.who')}</th>
                  <th>{t('settings.audit.what')}</th>
                  <th>{t('settings.audit.target')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id} data-testid="audit-row">
                    <td>{when(entry.at)}</td>
                    <td>{entry.actor}</td>
                    <td className="mono">{entry.action}</td>
                    <td>{entry.target}</td>
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
