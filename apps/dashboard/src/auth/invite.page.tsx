import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useAcceptInvitation, useInvitationLookup, useSession } from '../api/tenancy.queries';
import { AuthCard, FormError, FormField } from './auth-card';

/** `/invite#<token>`: the token stays in the fragment, so it never reaches a server log. */
export function InvitePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const token = useLocation().hash.replace(/^#/, '');
  const invitation = useInvitationLookup(token);
  const session = useSession();
  const accept = useAcceptInvitation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const signedInAs = session.data?.user.email;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    accept.mutate(signedInAs ? { token } : { token, name, password }, { onSuccess: () => navigate('/traces', { replace: true }) });
  };

  if (!token || invitation.isError) {
    return (
      <AuthCard title={t('auth.invite.title')}>
        <FormError error={invitation.error ?? new Error(t('auth.invite.noToken'))} />
        <Link to="/login">{t('auth.login.link')}</Link>
      </AuthCard>
    );
  }
  if (!invitation.data) return <AuthCard title={t('auth.invite.title')}>{t('common.loading')}</AuthCard>;
  const { organisationName, email, role } = invitation.data;
  return (
    <AuthCard title={t('auth.invite.title')} onSubmit={submit}>
      <p>{t('auth.invite.body', { organisation: organisationName, email, role: t(`roles.${role}`) })}</p>
      {signedInAs ? (
        <p className="muted">{t('auth.invite.signedInAs', { email: signedInAs })}</p>
      ) : (
        <>
          <FormField label={t('auth.name')} name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
          <FormField label={t('auth.newPassword')} type="password" name="password" autoComplete="new-password" required minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />
          <p className="muted">
            {t('auth.invite.haveAccount')} <Link to={`/login?next=${encodeURIComponent(`/invite#${token}`)}`}>{t('auth.login.link')}</Link>
          </p>
        </>
      )}
      <FormError error={accept.error} />
      <button type="submit" className="button button--primary" disabled={accept.isPending}>
        {t('auth.invite.accept')}
      </button>
    </AuthCard>
  );
}
