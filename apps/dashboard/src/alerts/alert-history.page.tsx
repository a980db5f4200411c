import type { AlertView } from '@linkscope/domain';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAcknowledge, useAlertHistory } from '../api/alert.queries';
import { formatClockTime } from '../format/time.format';
import { useLocale } from '../i18n/use-locale';
import { EmptyState, ErrorState, ListStates } from '../ui/status-message';
import { AlertsPage } from './alerts-nav';
import { formatAlertValue, formatSpan } from './alert-format';

/** `/alerts?state=firing|resolved&ack=<fingerprint>`: alert history with each notification's delivery status. */
export function AlertHistoryPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const stateParam = params.get('state');
  const state = stateParam === 'firing' || stateParam === 'resolved' ? stateParam : undefined;
  const ackTarget = params.get('ack');
  const history = useAlertHistory(state);
  const ack = useAcknowledge();
  const alerts = history.data?.alerts;

  return (
    <AlertsPage
      title={t('alerts.history.title')}
      controls={
        <label className="field field--inline">
          <span className="field__label">{t('alerts.history.state')}</span>
          <select className="select" value={state ?? ''} onChange={(e) => setParams(e.target.value ? { state: e.target.value } : {})}>
            <option value="">{t('alerts.history.stateAll')}</option>
            <option value="firing">{t('alerts.state.firing')}</option>
            <option value="resolved">{t('alerts.state.resolved')}</option>
          </select>
        </label>
      }
    >
      {ackTarget && (
        <div className="banner banner--warning">
          {t('alerts.history.ackPrompt', { fingerprint: ackTarget })}{' '}
          <button type="button" className="button" disabled={ack.isPending} onClick={() => ack.mutate(ackTarget, { onSuccess: () => setParams({}) })}>
            {t('alerts.history.ack')}
          </button>
          {ack.isError && <ErrorState title={t('alerts.history.ackError')} error={ack.error} />}
        </div>
      )}
      <div className="page__body">
        <ListStates query={history} items={alerts} loadError={t('alerts.history.loadError')} empty={<EmptyState title={t('alerts.history.empty')} hint={t('alerts.history.emptyHint')} />}>
          {(alerts) => (
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t('alerts.history.col.state')}</th>
                  <th>{t('alerts.history.col.alert')}</th>
                  <th>{t('alerts.history.col.suspect')}</th>
                  <th>{t('alerts.history.col.started')}</th>
                  <th>{t('alerts.history.col.notifications')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {alerts.map((alert) => (
                  <AlertRow key={alert.incidentId} alert={alert} locale={locale} onAck={() => ack.mutate(alert.fingerprint)} acking={ack.isPending} />
                ))}
              </tbody>
            </table>
          )}
        </ListStates>
      </div>
    </AlertsPage>
  );
}

function AlertRow({ alert, locale, onAck, acking }: { alert: AlertView; locale: string; onAck: () => void; acking: boolean }) {
  const { t } = useTranslation();
  const lasted = alert.endsAtMs === null ? null : formatSpan(alert.endsAtMs - alert.startsAtMs);
  return (
    <tr className={alert.state === 'firing' ? 'alert-row alert-row--firing' : 'alert-row'}>
      <td>
        <span className={`badge badge--${alert.state === 'firing' ? 'error' : 'ok'}`}>{t(`alerts.state.${alert.state}`)}</span>{' '}
        <span className={`badge badge--${alert.severity}`}>{t(`alerts.severity.${alert.severity}`)}</span>
      </td>
      <td>
        <div className="alert-row__rule">{alert.ruleName}</div>
        <div className="muted">
          {t(`alerts.layer.${alert.layer}`)} · <span className="mono">{alert.entity}</span>
        </div>
        <div>
          {alert.summary}: <strong>{formatAlertValue(alert)}</strong>
        </div>
      </td>
      <td className="alert-row__suspect">{alert.suspect ?? <span className="muted">{t('common.none')}</span>}</td>
      <td>
        <div>{formatClockTime(alert.startsAtMs, locale)}</div>
        <div className="muted">{lasted ? t('alerts.history.lasted', { duration: lasted }) : t('alerts.history.ongoing')}</div>
      </td>
      <td>
        <ul className="delivery-list">
          {alert.notifications.map((n) => (
            <li key={n.notificationId} title={n.detail}>
              <span className={`badge badge--${n.status === 'sent' ? 'ok' : n.status === 'failed' ? 'error' : 'pending'}`}>{t(`alerts.delivery.${n.status}`)}</span>{' '}
              {t(`alerts.kind.${n.kind}`)} → {t(`alerts.channelType.${n.channelType}`)}
              {n.attempts > 1 && <span className="muted"> · {t('alerts.delivery.attempts', { count: n.attempts })}</span>}
            </li>
          ))}
          {alert.notifications.length === 0 && <li className="muted">{t('alerts.delivery.none')}</li>}
        </ul>
      </td>
      <td>
        {alert.state === 'firing' &&
          (alert.acknowledgedAtMs ? (
            <span className="muted">{t('alerts.history.ackedBy', { by: alert.acknowledgedBy ?? '' })}</span>
          ) : (
            <button type="button" className="button" disabled={acking} onClick={onAck}>
              {t('alerts.history.ack')}
            </button>
          ))}{' '}
        <Link className="button button--quiet" to={`/alerts/silences?new=1&alertname=${encodeURIComponent(alert.ruleName)}&entity=${encodeURIComponent(alert.entity)}`}>
          {t('alerts.history.silence')}
        </Link>
      </td>
    </tr>
  );
}
