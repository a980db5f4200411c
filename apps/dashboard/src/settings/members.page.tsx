import { ROLES, type Role } from '@linkscope/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangeRole, useInvitations, useInvite, useMembers, useRemoveMember, useRevokeInvitation } from '../api/tenancy.queries';
import { FormError } from '../auth/auth-card';
import { ListStates } from '../ui/status-message';
import { SecretOnce, SettingsPage, useCurrentSession, useDateTime } from './settings-ui';

/** `/settings/members`: who is in the organisation with which role; admins invite by link, change roles and remove. */
export function MembersPage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const canManage = session?.permissions.includes('members:manage') ?? false;
  const members = useMembers();
  const invitations = useInvitations(canManage);
  const invite = useInvite();
  const changeRole = useChangeRole();
  const remove = useRemoveMember();
  const revoke = useRevokeInvitation();
  const when = useDateTime();
  const [form, setForm] = useState<{ email: string; role: Role }>({ email: '', role: 'viewer' });
  const [link, setLink] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    invite.mutate(form, {
      onSuccess: (answer) => {
        setLink(`${window.location.origin}${answer.path}`);
        setForm({ email: '', role: form.role });
      },
    });
  };

  return (
    <SettingsPage title={t('settings.members.title')} hint={t('settings.members.hint')}>
      {canManage && (
        <form className="settings-section settings-form" onSubmit={submit} data-testid="invite-form">
          <label className="field">
            <span className="field__label">{t('auth.email')}</span>
            <input className="input" type="email" name="inviteEmail" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          </label>
          <label className="field">
            <span className="field__label">{t('settings.members.role')}</span>
            <select className="select" name="inviteRole" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--primary" disabled={invite.isPending}>
            {t('settings.members.invite')}
          </button>
          <FormError error={invite.error} />
        </form>
      )}
      {link && <SecretOnce label={t('settings.members.link')} secret={link} onDone={() => setLink(null)} />}
      <section className="settings-section">
        <h2 className="settings-section__title">{t('settings.members.current')}</h2>
        <ListStates query={members} items={members.data?.members} loadError={t('settings.loadError')}>
          {(members) => (
            <table className="settings-table">
              <thead>
                <tr>
                  <th>{t('settings.projects.name')}</th>
                  <th>{t('auth.email')}</th>
                  <th>{t('settings.members.role')}</th>
                  <th>{t('settings.members.joined')}</th>
                  {canManage && <th />}
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <tr key={member.userId} data-testid="member-row">
                    <td>{member.name}</td>
                    <td>{member.email}</td>
                    <td>
                      {canManage && member.userId !== session?.user.id ? (
                        <select className="select" aria-label={t('settings.members.role')} value={member.role} onChange={(e) => changeRole.mutate({ userId: member.userId, role: e.target.value as Role })}>
                          {ROLES.map((role) => (
                            <option key={role} value={role}>
                              {t(`roles.${role}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span className="badge badge--muted">{t(`roles.${member.role}`)}</span>
                      )}
                    </td>
                    <td>{when(member.joinedAt)}</td>
                    {canManage && (
                      <td>
                        {member.userId !== session?.user.id && (
                          <button type="button" className="button button--quiet button--danger" onClick={() => remove.mutate(member.userId)}>
                            {t('settings.remove')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </ListStates>
        <FormError error={changeRole.error ?? remove.error} />
      </section>
      {canManage && (
        <section className="settings-section">
          <h2 className="settings-section__title">{t('settings.members.pending')}</h2>
          {invitations.data && invitations.data.invitations.length === 0 && <p className="muted">{t('settings.members.noPending')}</p>}
          {invitations.data && invitations.data.invitations.length > 0 && (
            <table className="settings-table">
              <thead>
                <tr>
                  <th>{t('auth.email')}</th>
                  <th>{t('settings.members.role')}</th>
                  <th>{t('settings.members.expires')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {invitations.data.invitations.map((invitation) => (
                  <tr key={invitation.id} data-testid="invitation-row">
                    <td>{invitation.email}</td>
                    <td>{t(`roles.${invitation.role}`)}</td>
                    <td>{when(invitation.expiresAt)}</td>
                    <td>
                      <button type="button" className="button button--quiet button--danger" onClick={() => revoke.mutate(invitation.id)}>
                        {t('settings.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </SettingsPage>
  );
}
