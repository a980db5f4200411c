import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <div className="page page--narrow">
      <title>{`${t('notFound.title')} · ${t('app.name')}`}</title>
      <h1 className="page__title">{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path: location.pathname })}</p>
      <Link to="/traces">{t('notFound.back')}</Link>
    </div>
  );
}
