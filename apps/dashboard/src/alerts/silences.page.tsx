import type { Silence } from '@linkscope/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCreateSilence, useExpireSilence, useSilences } from '../api/alert.queries';
import { formatClockTime } from '../format/time.format';
import { useLocale } from '../i18n/use-locale';
import { EmptyState, ErrorState, ListStates } from '../ui/status-message';
import { AlertsPage } from './alerts-nav';

const DURATIONS_MIN = [30, 60, 240, 1440] as const;

/** Reads `name=value` or `name=~regex` lines into matchers. */
export function parseMatchers(text: string): Silence['matchers'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(!?=~?)\s*(.*)$/.exec(line);
      if (!m) return { name: line, value: '', isRegex: false, isEqual: true };
      const op = m[2] ?? '=';
      return { name: m[1] ?? '', value: m[3] ?? '', isRegex: op.endsWith('~'), isEqual: !op.startsWith('!') };
    });
}

/** `/alerts/silences?new=1&alertname=…&entity=…`: silences; the link in an alert message opens a prefilled one. */
export function SilencesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const silences = useSilences();
  const expire = useExpireSilence();
  const create = useCreateSilence();
  const prefill = ['alertname', 'entity'].filter((k) => params.get(k)).map((k) => `${k}=${params.get(k) ?? ''}`).join('\n');
  const [matchers, setMatchers] = useState(prefill);
  const [minutes, setMinutes] = useState<number>(60);
  const [comment, setComment] = useState('');
  const now = Date.now();
  const list = silences.data?.silences;

  return (
    <AlertsPage
      title={t('alerts.silences.title')}
      controls={
        <button type="button" className="button" onClick={() => setParams({ new: '1' })}>
          {t('alerts.silences.new')}
        </button>
      }
    >
      <div className="page__body alert-layout">
        <section className="alert-layout__main">
          <ListStates query={silences} items={list} loadError={t('alerts.silences.loadError')} empty={<EmptyState title={t('alerts.silences.empty')} hint={t('alerts.silences.emptyHint')} />}>
            {(list) => (
              <table className="data-table">
                <thead>
                  <tr>
                    <th>{t('alerts.silences.col.matchers')}</th>
                    <th>{t('alerts.silences.col.window')}</th>
                    <th>{t('alerts.silences.col.comment')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id} className={s.endsAtMs <= now ? 'muted' : undefined}>
                      <td className="mono">{s.matchers.map((m) => `${m.name}${m.isEqual ? '' : '!'}=${m.isRegex ? '~' : ''}${m.value}`).join(', ')}</td>
                      <td>
                        {formatClockTime(s.startsAtMs, locale)} – {formatClockTime(s.endsAtMs, locale)} {s.endsAtMs <= now && <span className="badge">{t('alerts.silences.expired')}</span>}
                      </td>
                      <td>{s.comment}</td>
                      <td>
                        {s.endsAtMs > now && (
                          <button type="button" className="button button--quiet" onClick={() => expire.mutate(s.id)}>
                            {t('alerts.silences.expire')}
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
        {params.get('new') && (
          <form
            className="editor"
            aria-label={t('alerts.silences.editor')}
            onSubmit={(e) => {
              e.preventDefault();
              const start = Date.now();
              create.mutate({ matchers: parseMatchers(matchers), startsAtMs: start, endsAtMs: start + minutes * 60_000, comment, createdBy: 'dashboard' }, { onSuccess: () => setParams({}) });
            }}
          >
            <h2 className="editor__title">{t('alerts.silences.newTitle')}</h2>
            <label className="field">
              <span className="field__label">{t('alerts.silences.field.matchers')}</span>
              <textarea className="input" rows={4} value={matchers} onChange={(e) => setMatchers(e.target.value)} placeholder="alertname=Checkout errors" />
              <span className="muted">{t('alerts.silences.matchersHint')}</span>
            </label>
            <label className="field">
              <span className="field__label">{t('alerts.silences.field.duration')}</span>
              <select className="select" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
                {DURATIONS_MIN.map((m) => (
                  <option key={m} value={m}>
                    {t('alerts.silences.minutes', { count: m })}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">{t('alerts.silences.field.comment')}</span>
              <input className="input" value={comment} maxLength={1000} onChange={(e) => setComment(e.target.value)} />
            </label>
            {create.isError && <ErrorState title={t('alerts.silences.saveError')} error={create.error} />}
            <div className="editor__actions">
              <button type="submit" className="button" disabled={create.isPending}>
                {t('alerts.common.save')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setParams({})}>
                {t('alerts.common.cancel')}
              </button>
            </div>
          </form>
        )}
      </div>
    </AlertsPage>
  );
}
