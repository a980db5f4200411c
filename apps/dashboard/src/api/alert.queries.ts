import type { AlertRule, AlertRuleInput, AlertView, ChannelInput, ChannelView, Silence, SilenceInput } from '@linkscope/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from './api-client';

/** Alert history refreshes as often as alerts are evaluated, give or take. */
export const ALERT_HISTORY_REFRESH_MS = 5_000;

export const alertQueryKeys = {
  history: (state: string | undefined) => ['alerts', 'history', state] as const,
  rules: ['alerts', 'rules'] as const,
  channels: ['alerts', 'channels'] as const,
  silences: ['alerts', 'silences'] as const,
};

/** The outcome of a test message, as the provider answered it. */
export type TestOutcome = { status: 'sent'; detail: string } | { status: 'retryable'; reason: string; afterMs: number } | { status: 'rejected'; reason: string };

export function useAlertHistory(state: 'firing' | 'resolved' | undefined) {
  return useQuery({
    queryKey: alertQueryKeys.history(state),
    queryFn: ({ signal }) => getJson<{ alerts: AlertView[] }>('/api/v1/alerts', { limit: 100, state }, signal),
    refetchInterval: ALERT_HISTORY_REFRESH_MS,
  });
}

export function useAlertRules() {
  return useQuery({ queryKey: alertQueryKeys.rules, queryFn: ({ signal }) => getJson<{ rules: AlertRule[] }>('/api/v1/alert-rules', {}, signal) });
}

export function useChannels() {
  return useQuery({ queryKey: alertQueryKeys.channels, queryFn: ({ signal }) => getJson<{ channels: ChannelView[] }>('/api/v1/alert-channels', {}, signal) });
}

export function useSilences() {
  return useQuery({ queryKey: alertQueryKeys.silences, queryFn: ({ signal }) => getJson<{ silences: Silence[] }>('/api/v1/silences', {}, signal) });
}

function useInvalidating<TVars, TResult>(key: readonly unknown[], send: (vars: TVars) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => client.invalidateQueries({ queryKey: key }) });
}

export function useSaveRule() {
  return useInvalidating(alertQueryKeys.rules, ({ id, rule }: { id: string | null; rule: AlertRuleInput }) =>
    id ? sendJson<AlertRule>('PATCH', `/api/v1/alert-rules/${encodeURIComponent(id)}`, rule) : sendJson<AlertRule>('POST', '/api/v1/alert-rules', rule),
  );
}

/** What a rule would have done over the last hour, as POST /api/v1/alert-rules/preview answers. */
export interface RulePreview {
  readonly fromMs: number;
  readonly toMs: number;
  readonly steps: number;
  readonly truncated: boolean;
  readonly entities: readonly { entity: string; breachingMinutes: number; incidents: number; firstFiringMs: number | null; firingNow: boolean; lastValue: number | null; maxValue: number | null }[];
}

export function usePreviewRule() {
  return useMutation({ mutationFn: (rule: AlertRuleInput) => sendJson<RulePreview>('POST', '/api/v1/alert-rules/preview', { rule, lookbackMinutes: 60 }) });
}

export function useSetRuleEnabled() {
  return useInvalidating(alertQueryKeys.rules, ({ id, enabled }: { id: string; enabled: boolean }) => sendJson<AlertRule>('POST', `/api/v1/alert-rules/${encodeURIComponent(id)}/enabled`, { enabled }));
}

export function useDeleteRule() {
  return useInvalidating(alertQueryKeys.rules, (id: string) => sendJson<void>('DELETE', `/api/v1/alert-rules/${encodeURIComponent(id)}`));
}

export function useSaveChannel() {
  return useInvalidating(alertQueryKeys.channels, ({ id, channel }: { id: string | null; channel: ChannelInput }) =>
    id ? sendJson<ChannelView>('PATCH', `/api/v1/alert-channels/${encodeURIComponent(id)}`, channel) : sendJson<ChannelView>('POST', '/api/v1/alert-channels', channel),
  );
}

export function useDeleteChannel() {
  return useInvalidating(alertQueryKeys.channels, (id: string) => sendJson<void>('DELETE', `/api/v1/alert-channels/${encodeURIComponent(id)}`));
}

export function useTestChannel() {
  return useMutation({ mutationFn: (id: string) => sendJson<TestOutcome>('POST', `/api/v1/alert-channels/${encodeURIComponent(id)}/test`) });
}

export function useCreateSilence() {
  return useInvalidating(alertQueryKeys.silences, (silence: SilenceInput) => sendJson<Silence>('POST', '/api/v1/silences', silence));
}

export function useExpireSilence() {
  return useInvalidating(alertQueryKeys.silences, (id: string) => sendJson<Silence>('POST', `/api/v1/silences/${encodeURIComponent(id)}/expire`));
}

export function useAcknowledge() {
  return useInvalidating(['alerts', 'history'], (fingerprint: string) => sendJson<unknown>('POST', `/api/v1/alerts/${encodeURIComponent(fingerprint)}/ack`, { by: 'dashboard' }));
}
