import type { ChannelView } from '@linkscope/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type TestOutcome, useChannels, useDeleteChannel, useSaveChannel, useTestChannel } from '../api/alert.queries';
import { EmptyState, ErrorState, ListStates } from '../ui/status-message';
import { AlertsPage } from './alerts-nav';
import { CHANNEL_FIELDS, CHANNEL_TYPES, type ChannelForm, channelToForm, emptyChannelForm, formToChannel } from './channel-fields';

/** `/alerts/channels?edit=<id>|new`: where alerts go, with a test button per channel. */
export function AlertChannelsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const channels = useChannels();
  const remove = useDeleteChannel();
  const test = useTestChannel();
  const [tested, setTested] = useState<{ id: string; outcome: TestOutcome } | null>(null);
  const editing = params.get('edit');
  const list = channels.data?.channels;
  const edited = editing && editing !== 'new' ? list?.find((c) => c.id === editing) : undefined;

  return (
    <AlertsPage
      title={t('alerts.channels.title')}
      controls={
        <button type="button" className="button" onClick={() => setParams({ edit: 'new' })}>
          {t('alerts.channels.new')}
        </button>
      }
    >
      <div className="page__body alert-layout">
        <section className="alert-layout__main">
          <ListStates query={channels} items={list} loadError={t('alerts.channels.loadError')} empty={<EmptyState title={t('alerts.channels.empty')} hint={t('alerts.channels.emptyHint')} />}>
            {(list) => (
              <table className="data-table">
                <thead>
                  <tr>
                    <th>{t('alerts.channels.col.name')}</th>
                    <th>{t('alerts.channels.col.type')}</th>
                    <th>{t('alerts.channels.col.secrets')}</th>
                    <th>{t('alerts.channels.col.test')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((channel) => (
                    <tr key={channel.id}>
                      <td>{channel.name}</td>
                      <td>{t(`alerts.channelType.${channel.type}`)}</td>
                      <td className="muted">{channel.secretFieldsSet.length > 0 ? t('alerts.channels.secretsSet', { fields: channel.secretFieldsSet.join(', ') }) : t('common.none')}</td>
                      <td>
                        <button type="button" className="button" disabled={test.isPending} onClick={() => test.mutate(channel.id, { onSuccess: (outcome) => setTested({ id: channel.id, outcome }) })}>
                          {t('alerts.channels.sendTest')}
                        </button>{' '}
                        {tested?.id === channel.id && <TestResult outcome={tested.outcome} />}
                        {test.isError && test.variables === channel.id && <span className="error-text">{(test.error as Error).message}</span>}
                      </td>
                      <td>
                        <button type="button" className="button button--quiet" onClick={() => setParams({ edit: channel.id })}>
                          {t('alerts.common.edit')}
                        </button>
                        <button type="button" className="button button--quiet" onClick={() => window.confirm(t('alerts.channels.confirmDelete', { name: channel.name })) && remove.mutate(channel.id)}>
                          {t('alerts.common.delete')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </ListStates>
          {remove.isError && <ErrorState title={t('alerts.channels.deleteError')} error={remove.error} />}
        </section>
        {editing && (editing === 'new' || edited) && <ChannelEditor key={editing} editing={edited ?? null} onDone={() => setParams({})} />}
      </div>
    </AlertsPage>
  );
}

function TestResult({ outcome }: { outcome: TestOutcome }) {
  const { t } = useTranslation();
  if (outcome.status === 'sent') return <span className="badge badge--ok">{t('alerts.channels.testSent')}</span>;
  return (
    <span className="error-text">
      {t(outcome.status === 'retryable' ? 'alerts.channels.testRetryable' : 'alerts.channels.testRejected')}: {outcome.reason}
    </span>
  );
}

function ChannelEditor({ editing, onDone }: { editing: ChannelView | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<ChannelForm>(editing ? channelToForm(editing) : emptyChannelForm());
  const [errors, setErrors] = useState<string[]>([]);
  const save = useSaveChannel();
  const fields = CHANNEL_FIELDS[form.type];
  const submit = () => {
    const result = formToChannel(form, editing !== null);
    if (!result.ok) return setErrors(result.errors);
    setErrors([]);
    save.mutate({ id: editing?.id ?? null, channel: result.channel }, { onSuccess: onDone });
  };
  return (
    <form className="editor" onSubmit={(e) => (e.preventDefault(), submit())} aria-label={t('alerts.channels.editor')}>
      <h2 className="editor__title">{editing ? t('alerts.channels.editTitle') : t('alerts.channels.newTitle')}</h2>
      <label className="field">
        <span className="field__label">{t('alerts.channels.field.name')}</span>
        <input className="input" value={form.name} maxLength={200} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </label>
      <div className="editor__row">
        <label className="field">
          <span className="field__label">{t('alerts.channels.field.type')}</span>
          <select className="select" value={form.type} disabled={editing !== null} onChange={(e) => setForm(emptyChannelForm(e.target.value as ChannelForm['type']))}>
            {CHANNEL_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`alerts.channelType.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('alerts.channels.field.language')}</span>
          <select className="select" value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value as ChannelForm['language'] })}>
            <option value="en">{t('language.en')}</option>
            <option value="zh-CN">{t('language.zh-CN')}</option>
          </select>
        </label>
      </div>
      {fields.settings.map(([key, kind]) =>
        kind === 'bool' ? (
          <label key={key} className="check">
            <input type="checkbox" checked={form.settings[key] === 'true'} onChange={(e) => setForm({ ...form, settings: { ...form.settings, [key]: String(e.target.checked) } })} /> {t(`alerts.channels.setting.${key}`)}
          </label>
        ) : (
          <label key={key} className="field">
            <span className="field__label">
              {t(`alerts.channels.setting.${key}`)}
              {kind === 'list' && <span className="muted"> ({t('alerts.channels.listHint')})</span>}
            </span>
            <input className="input" value={form.settings[key] ?? ''} onChange={(e) => setForm({ ...form, settings: { ...form.settings, [key]: e.target.value } })} />
          </label>
        ),
      )}
      <fieldset className="editor__group">
        <legend>{t('alerts.channels.secrets')}</legend>
        <p className="muted">{editing ? t('alerts.channels.secretsKeep') : t('alerts.channels.secretsHint')}</p>
        {fields.secrets.map((key) => (
          <label key={key} className="field">
            <span className="field__label">{t(`alerts.channels.setting.${key}`)}</span>
            <input className="input" type="password" autoComplete="off" value={form.secrets[key] ?? ''} onChange={(e) => setForm({ ...form, secrets: { ...form.secrets, [key]: e.target.value } })} />
          </label>
        ))}
      </fieldset>
      {errors.length > 0 && (
        <ul className="form-errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {save.isError && <ErrorState title={t('alerts.channels.saveError')} error={save.error} />}
      <div className="editor__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {t('alerts.common.save')}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          {t('alerts.common.cancel')}
        </button>
      </div>
    </form>
  );
}
