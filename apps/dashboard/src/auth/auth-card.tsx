import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-client';
import { LanguageSwitcher } from '../shell/language-switcher';

/** The frame of the pages used signed out: product name, one card, the language switcher. */
export function AuthCard({ title, children, onSubmit }: { title: string; children: ReactNode; onSubmit?: (event: FormEvent<HTMLFormElement>) => void }) {
  const { t } = useTranslation();
  return (
    <div className="auth">
      <div className="auth__top">
        <span className="auth__brand">{t('app.name')}</span>
        <LanguageSwitcher />
      </div>
      <form className="auth__card" onSubmit={onSubmit} noValidate>
        <title>{`${title} · ${t('app.name')}`}</title>
        <h1 className="page__title">{title}</h1>
        {children}
      </form>
    </div>
  );
}

/** A labelled input of a form. */
export function FormField({ label, ...input }: { label: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="field form-field">
      <span className="field__label">{label}</span>
      <input className="input" {...input} />
    </label>
  );
}

/** What went wrong with a form, in the reader's language where the api's code says enough. */
export function FormError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  let text = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    const known: Record<string, string> = {
      UNAUTHENTICATED: t('auth.errors.unauthenticated'),
      RATE_LIMITED: t('auth.errors.rateLimited'),
      CONFLICT: t('auth.errors.conflict', { message: error.message }),
      GONE: t('auth.errors.gone'),
      NOT_FOUND: t('auth.errors.notFound'),
      FORBIDDEN: t('auth.errors.forbidden', { message: error.message }),
      INVALID_REQUEST: t('auth.errors.invalid', { message: error.message }),
    };
    text = known[error.code] ?? `${error.code}: ${error.message}`;
  }
  return (
    <p className="form-error" role="alert">
      {text}
    </p>
  );
}
