import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/** Shown instead of a page that threw while rendering, so one bad trace never blanks the whole app. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return (
    <div className="page page--narrow" role="alert">
      <h1 className="page__title">{t('common.crashTitle')}</h1>
      <p>{t('common.crashHint')}</p>
      <pre className="crash-detail">{detail}</pre>
    </div>
  );
}
