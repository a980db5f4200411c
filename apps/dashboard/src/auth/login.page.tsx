import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useLogin } from '../api/tenancy.queries';
import { AuthCard, FormError, FormField } from './auth-card';

/** Only same-site paths are followed after login, never another origin. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/traces';
}

/** `/login?next=<path>` */
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    login.mutate({ email, password }, { onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }) });
  };

  return (
    <AuthCard title={t('auth.login.title')} onSubmit={submit}>
      <FormField label={t('auth.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <FormField label={t('auth.password')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormError error={login.error} />
      <button type="submit" className="button button--primary" disabled={login.isPending}>
        {t('auth.login.submit')}
      </button>
      <p className="muted">
        {t('auth.login.noAccount')} <Link to="/signup">{t('auth.signup.link')}</Link>
      </p>
    </AuthCard>
  );
}
