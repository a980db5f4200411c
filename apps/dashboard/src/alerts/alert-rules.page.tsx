import { ALERT_LAYERS, ALERT_SEVERITIES, type AlertRule, type ChannelView } from '@linkscope/domain';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type RulePreview, useAlertRules, useChannels, useDeleteRule, usePreviewRule, useSaveRule, useSetRuleEnabled } from '../api/alert.queries';
import { EmptyState, ErrorState, ListStates } from '../ui/status-message';
import { AlertsPage } from './alerts-nav';
import { EMPTY_RULE_FORM, formToRule, type RuleForm, ruleToForm } from './rule-form';

/** `/alerts/rules?edit=<id>|new`: the rules of the project, and the editor of one. */
export function AlertRulesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const rules = useAlertRules();
  const channels = useChannels();
  const enable = useSetRuleEnabled();
  const remove = useDeleteRule();
  const editing = params.get('edit');
  const list = rules.data?.rules;
  const editedRule = editing && editing !== 'new' ? list?.find((r) => r.id === editing) : undefined;

  return (
    <AlertsPage
      title={t('alerts.rules.title')}
      controls={
        <button type="button" className="button" onClick={() => setParams({ edit: 'new' })}>
          {t('alerts.rules.new')}
        </button>
      }
    >
      <div className="page__body alert-layout">
        <section className="alert-layout__main">
          <ListStates query={rules} items={list} loadError={t('alerts.rules.loadError')} empty={<EmptyState title={t('alerts.rules.empty')} hint={t('alerts.rules.emptyHint')} />}>
            {(list) => (
              <table className="data-table">
                <thead>
                  <tr>
                    <th>{t('alerts.rules.col.enabled')}</th>
                    <th>{t('alerts.rules.col.name')}</th>
                    <th>{t('alerts.rules.col.what')}</th>
                    <th>{t('alerts.rules.col.channels')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((rule) => (
                    <tr key={rule.id} className={rule.id === editing ? 'data-table__row--selected' : undefined}>
                      <td>
                        <input type="checkbox" aria-label={t('alerts.rules.col.enabled')} checked={rule.enabled} disabled={enable.isPending} onChange={(e) => enable.mutate({ id: rule.id, enabled: e.target.checked })} />
                      </td>
                      <td>
                        <span className={`badge badge--${rule.severity}`}>{t(`alerts.severity.${rule.severity}`)}</span> {rule.name}
                      </td>
                      <td className="muted">{describeRule(rule, t)}</td>
                      <td>{rule.channelIds.map((id) => channels.data?.channels.find((c) => c.id === id)?.name ?? id).join(', ') || '—'}</td>
                      <td>
                        <button type="button" className="button button--quiet" onClick={() => setParams({ edit: rule.id })}>
                          {t('alerts.common.edit')}
                        </button>
                        <button type="button" className="button button--quiet" onClick={() => window.confirm(t('alerts.rules.confirmDelete', { name: rule.name })) && remove.mutate(rule.id)}>
                          {t('alerts.common.delete')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </ListStates>
        </section>
        {editing && (editing === 'new' || editedRule) && (
          <RuleEditor key={editing} id={editing === 'new' ? null : editing} initial={editedRule ? ruleToForm(editedRule) : EMPTY_RULE_FORM} channels={channels.data?.channels ?? []} onDone={() => setParams({})} />
        )}
      </div>
    </AlertsPage>
  );
}

function describeRule(rule: AlertRule, t: TFunction): string {
  const entity = rule.entity ?? t('alerts.rules.allEntities');
  const c = rule.condition;
  const condition = c.type === 'no_data' ? t('alerts.condition.no_data') : c.type === 'threshold' ? `${c.op} ${c.value}` : `${c.op} ${c.value} (${t(`alerts.condition.${c.baseline}`)}, ${t(`alerts.condition.${c.mode}`)})`;
  return `${t(`alerts.layer.${rule.layer}`)} · ${entity} · ${t(`alerts.metric.${rule.metric.kind}`)} ${condition} · ${t('alerts.rules.window', { seconds: rule.windowSeconds })}`;
}

function RuleEditor({ id, initial, channels, onDone }: { id: string | null; initial: RuleForm; channels: readonly ChannelView[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<RuleForm>(initial);
  const [errors, setErrors] = useState<string[]>([]);
  const save = useSaveRule();
  const preview = usePreviewRule();
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const toggle = (key: 'channelIds' | 'escalationChannelIds', channelId: string) => setForm((f) => ({ ...f, [key]: f[key].includes(channelId) ? f[key].filter((c) => c !== channelId) : [...f[key], channelId] }));
  const submit = () => {
    const result = formToRule(form);
    if (!result.ok) return setErrors(result.errors);
    setErrors([]);
    save.mutate({ id, rule: result.rule }, { onSuccess: onDone });
  };
  const runPreview = () => {
    const result = formToRule(form);
    if (!result.ok) return setErrors(result.errors);
    setErrors([]);
    preview.mutate(result.rule);
  };

  return (
    <form className="editor" onSubmit={(e) => (e.preventDefault(), submit())} aria-label={t('alerts.rules.editor')}>
      <h2 className="editor__title">{id ? t('alerts.rules.editTitle') : t('alerts.rules.newTitle')}</h2>
      <label className="field">
        <span className="field__label">{t('alerts.rules.field.name')}</span>
        <input className="input" value={form.name} onChange={(e) => set('name', e.target.value)} maxLength={200} />
      </label>
      <div className="editor__row">
        <label className="field">
          <span className="field__label">{t('alerts.rules.field.layer')}</span>
          <select className="select" value={form.layer} onChange={(e) => set('layer', e.target.value as RuleForm['layer'])}>
            {ALERT_LAYERS.map((l) => (
              <option key={l} value={l}>
                {t(`alerts.layer.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field editor__grow">
          <span className="field__label">{t('alerts.rules.field.entity')}</span>
          <input className="input" value={form.entity} placeholder={t('alerts.rules.allEntities')} onChange={(e) => set('entity', e.target.value)} maxLength={512} />
        </label>
      </div>
      <div className="editor__row">
        <label className="field">
          <span className="field__label">{t('alerts.rules.field.metric')}</span>
          <select className="select" value={form.metricKind} onChange={(e) => set('metricKind', e.target.value as RuleForm['metricKind'])}>
            {(['error_rate', 'request_count', 'status_count', 'latency_percentile', 'slow_count'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`alerts.metric.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {form.metricKind === 'status_count' && (
          <label className="field">
            <span className="field__label">{t('alerts.rules.field.status')}</span>
            <input className="input input--short" value={form.status} onChange={(e) => set('status', e.target.value)} />
          </label>
        )}
        {form.metricKind === 'latency_percentile' && (
          <label className="field">
            <span className="field__label">{t('alerts.rules.field.percentile')}</span>
            <input className="input input--short" value={form.percentile} onChange={(e) => set('percentile', e.target.value)} inputMode="decimal" />
          </label>
        )}
        {form.metricKind === 'slow_count' && (
          <label className="field">
            <span className="field__label">{t('alerts.rules.field.slowerThanMs')}</span>
            <input className="input input--short" value={form.slowerThanMs} onChange={(e) => set('slowerThanMs', e.target.value)} inputMode="numeric" />
          </label>
        )}
      </div>
      <div className="editor__row">
        <label className="field">
          <span className="field__label">{t('alerts.rules.field.condition')}</span>
          <select className="select" value={form.conditionType} onChange={(e) => set('conditionType', e.target.value as RuleForm['conditionType'])}>
            <option value="threshold">{t('alerts.condition.threshold')}</option>
            <option value="change">{t('alerts.condition.change')}</option>
            <option value="no_data">{t('alerts.condition.no_data')}</option>
          </select>
        </label>
        {form.conditionType === 'change' && (
          <>
            <label className="field">
              <span className="field__label">{t('alerts.rules.field.baseline')}</span>
              <select className="select" value={form.baseline} onChange={(e) => set('baseline', e.target.value as RuleForm['baseline'])}>
                <option value="yesterday">{t('alerts.condition.yesterday')}</option>
                <option value="last_week">{t('alerts.condition.last_week')}</option>
              </select>
            </label>
            <label className="field">
              <span className="field__label">{t('alerts.rules.field.mode')}</span>
              <select className="select" value={form.mode} onChange={(e) => set('mode', e.target.value as RuleForm['mode'])}>
                <option value="ratio">{t('alerts.condition.ratio')}</option>
                <option value="absolute">{t('alerts.condition.absolute')}</option>
              </select>
            </label>
          </>
        )}
        {form.conditionType !== 'no_data' && (
          <>
            <label className="field">
              <span className="field__label">{t('alerts.rules.field.op')}</span>
              <select className="select" value={form.op} onChange={(e) => set('op', e.target.value as RuleForm['op'])}>
                {(['>', '>=', '<', '<='] as const).map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">{form.metricKind === 'error_rate' && (form.conditionType === 'threshold' || form.mode === 'absolute') ? t('alerts.rules.field.valuePercent') : t('alerts.rules.field.value')}</span>
              <input className="input input--short" value={form.value} onChange={(e) => set('value', e.target.value)} inputMode="decimal" />
            </label>
          </>
        )}
      </div>
      <div className="editor__row">
        <label className="field">
          <span className="field__label">{t('alerts.rules.field.windowSeconds')}</span>
          <input className="input input--short" value={form.windowSeconds} onChange={(e) => set('windowSeconds', e.target.value)} inputMode="numeric" />
        </label>
        <label className="field">
          <span className="field__label">{t('alerts.rules.field.forSeconds')}</span>
          <input className="input input--short" value={form.forSeconds} onChange={(e) => set('forSeconds', e.target.value)} inputMode="numeric" />
        </label>
        <label className="field">
          <span className="field__label">{t('alerts.rules.field.minRequests')}</span>
          <input className="input input--short" value={form.minRequests} onChange={(e) => set('minRequests', e.target.value)} inputMode="numeric" />
        </label>
        <label className="field">
          <span className="field__label">{t('alerts.rules.field.severity')}</span>
          <select className="select" value={form.severity} onChange={(e) => set('severity', e.target.value as RuleForm['severity'])}>
            {ALERT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`alerts.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="editor__group">
        <legend>{t('alerts.rules.field.channels')}</legend>
        {channels.length === 0 && <p className="muted">{t('alerts.rules.noChannels')}</p>}
        {channels.map((c) => (
          <label key={c.id} className="check">
            <input type="checkbox" checked={form.channelIds.includes(c.id)} onChange={() => toggle('channelIds', c.id)} /> {c.name} <span className="muted">({t(`alerts.channelType.${c.type}`)})</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="editor__group">
        <legend>
          <label className="check">
            <input type="checkbox" checked={form.escalate} onChange={(e) => set('escalate', e.target.checked)} /> {t('alerts.rules.field.escalate')}
          </label>
        </legend>
        {form.escalate && (
          <>
            <label className="field">
              <span className="field__label">{t('alerts.rules.field.escalateAfterMinutes')}</span>
              <input className="input input--short" value={form.escalateAfterMinutes} onChange={(e) => set('escalateAfterMinutes', e.target.value)} inputMode="numeric" />
            </label>
            {channels.map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={form.escalationChannelIds.includes(c.id)} onChange={() => toggle('escalationChannelIds', c.id)} /> {c.name} <span className="muted">({t(`alerts.channelType.${c.type}`)})</span>
              </label>
            ))}
          </>
        )}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} /> {t('alerts.rules.field.enabled')}
      </label>
      {errors.length > 0 && (
        <ul className="form-errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {save.isError && <ErrorState title={t('alerts.rules.saveError')} error={save.error} />}
      <div className="editor__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {t('alerts.common.save')}
        </button>
        <button type="button" className="button button--quiet" disabled={preview.isPending} onClick={runPreview}>
          {t('alerts.rules.preview.run')}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          {t('alerts.common.cancel')}
        </button>
      </div>
      {preview.isError && <ErrorState title={t('alerts.rules.preview.error')} error={preview.error} />}
      {preview.data && <PreviewResult preview={preview.data} percent={form.metricKind === 'error_rate'} />}
    </form>
  );
}

function PreviewResult({ preview, percent }: { preview: RulePreview; percent: boolean }) {
  const { t } = useTranslation();
  const value = (v: number | null) => (v === null ? '—' : percent ? `${(v * 100).toFixed(1)}%` : Number.isInteger(v) ? String(v) : v.toFixed(2));
  const firing = preview.entities.filter((e) => e.incidents > 0);
  const incidents = firing.reduce((n, e) => n + e.incidents, 0);
  return (
    <section className="rule-preview" aria-label={t('alerts.rules.preview.label')}>
      <p>
        <strong>{incidents === 0 ? t('alerts.rules.preview.quiet', { minutes: preview.steps }) : t('alerts.rules.preview.summary', { count: incidents, entities: firing.length, minutes: preview.steps })}</strong>
      </p>
      {preview.entities.length > 0 && (
        <table className="data-table data-table--compact">
          <thead>
            <tr>
              <th>{t('alerts.rules.preview.col.entity')}</th>
              <th>{t('alerts.rules.preview.col.breaching')}</th>
              <th>{t('alerts.rules.preview.col.incidents')}</th>
              <th>{t('alerts.rules.preview.col.max')}</th>
              <th>{t('alerts.rules.preview.col.now')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.entities.slice(0, 10).map((e) => (
              <tr key={e.entity}>
                <td className="mono">{e.entity}</td>
                <td>{e.breachingMinutes}</td>
                <td>{e.incidents}</td>
                <td>{value(e.maxValue)}</td>
                <td>{e.firingNow ? <span className="badge badge--error">{t('alerts.state.firing')}</span> : value(e.lastValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
