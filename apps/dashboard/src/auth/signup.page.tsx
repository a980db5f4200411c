import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSignUp } from '../api/tenancy.queries';
import { AuthCard, FormError, FormField } from './auth-card';

/** `/signup`: an account and its first organisation; then the projects page to create a project. */
export function SignUpPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signUp = useSignUp();
  const [form, setForm] = useState({ name: '', email: '', password: '', organisationName: '' });
  const set = (field: keyof typeof form) => (event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field]: event.target.value });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    signUp.mutate(form, { onSuccess: () => navigate('/settings/projects', { replace: true }) });
  };

  return (
    <AuthCard title={t('auth.signup.title')} onSubmit={submit}>
      <FormField label={t('auth.name')} name="name" autoComplete="name" required value={form.name} onChange={set('name')} />
      <FormField label={t('auth.email')} type="email" name="email" autoComplete="username" required value={form.email} onChange={set('email')} />
      <FormField label={t('auth.newPassword')} type="password" name="password" autoComplete="new-password" required minLength={12} value={form.password} onChange={set('password')} />
      <FormField label={t('auth.organisationName')} name="organisationName" required value={form.organisationName} onChange={set('organisationName')} />
      <FormError error={signUp.error} />
      <button type="submit" className="button button--primary" disabled={signUp.isPending}>
        {t('auth.signup.submit')}
      </button>
      <p className="muted">
        {t('auth.signup.haveAccount')} <Link to="/login">{t('auth.login.link')}</Link>
      </p>
    </AuthCard>
  );
}
