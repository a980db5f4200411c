import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AlertStateRecord,
  channelView,
  type IncidentRecord,
  type NotificationBody,
  incidentId,
  openChannel,
  previewRule,
  type RulePreview,
  rollupDataSource,
  sampleMessage,
  sealChannel,
  SecretBox,
  type SendOutcome,
  sendToChannel,
  type StoredChannel,
} from '@linkscope/alerting';
import {
  type AlertRule,
  alertRuleInputSchema,
  type AlertView,
  channelInputSchema,
  type ChannelView,
  type NotificationRecord,
  type Silence,
  silenceInputSchema,
  type TenantScope,
} from '@linkscope/domain';
import type { Storage } from '@linkscope/storage';
import { API_CONFIG, type ApiConfig } from '../config';
import { AppError } from '../http/app-error';
import { STORAGE } from '../storage.provider';
import { type AlertHistoryQuery, LIMITS, previewBodySchema } from './alert-queries.schema';

function newId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** Rules, channels, silences and alert history of one project. Knows no HTTP. */
@Injectable()
export class AlertingService {
  private readonly box: SecretBox | null;

  constructor(
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.box = config.secretsKey ? new SecretBox(config.secretsKey) : null;
  }

  private get repo() {
    return this.storage.alerts;
  }

  // ---- rules ----

  async listRules(scope: TenantScope): Promise<AlertRule[]> {
    return (await this.repo.listConfig<AlertRule>(scope, 'rule')).map((r) => r.body);
  }

  async getRule(scope: TenantScope, id: string): Promise<AlertRule> {
    const rule = await this.repo.getConfig<AlertRule>(scope, 'rule', id);
    if (!rule) throw new AppError('NOT_FOUND', `no alert rule ${id}`);
    return rule.body;
  }

  async createRule(scope: TenantScope, body: unknown): Promise<AlertRule> {
    const spec = alertRuleInputSchema.parse(body);
    if ((await this.repo.listConfig(scope, 'rule')).length >= LIMITS.rules) throw new AppError('INVALID_REQUEST', `a project has at most ${LIMITS.rules} alert rules`);
    await this.checkChannels(scope, [...spec.channelIds, ...(spec.escalation?.channelIds ?? [])]);
    const rule: AlertRule = { ...spec, id: newId('r'), updatedAtMs: Date.now() };
    await this.repo.putConfig(scope, 'rule', rule.id, rule, { enabled: rule.enabled, expected: null });
    return rule;
  }

  /** Replays a rule (as edited, saved or not) over recent minutes against the stored rollups. */
  async previewRule(scope: TenantScope, body: unknown): Promise<RulePreview> {
    const { rule, lookbackMinutes } = previewBodySchema.parse(body);
    const spec = alertRuleInputSchema.parse(rule);
    return previewRule(spec, rollupDataSource(this.storage), scope, Date.now(), lookbackMinutes);
  }

  async replaceRule(scope: TenantScope, id: string, body: unknown): Promise<AlertRule> {
    const spec = alertRuleInputSchema.parse(body);
    const current = await this.repo.getConfig<AlertRule>(scope, 'rule', id);
    if (!current) throw new AppError('NOT_FOUND', `no alert rule ${id}`);
    await this.checkChannels(scope, [...spec.channelIds, ...(spec.escalation?.channelIds ?? [])]);
    const rule: AlertRule = { ...spec, id, updatedAtMs: Date.now() };
    await this.repo.putConfig(scope, 'rule', id, rule, { enabled: rule.enabled, expected: current.version });
    return rule;
  }

  async setRuleEnabled(scope: TenantScope, id: string, enabled: boolean): Promise<AlertRule> {
    const current = await this.repo.getConfig<AlertRule>(scope, 'rule', id);
    if (!current) throw new AppError('NOT_FOUND', `no alert rule ${id}`);
    const rule: AlertRule = { ...current.body, enabled, updatedAtMs: Date.now() };
    await this.repo.putConfig(scope, 'rule', id, rule, { enabled, expected: current.version });
    return rule;
  }

  /**
   * Deletes a rule. Its open incidents are closed in the history (resolved now, no message: nobody
   * watches that condition any more) and its states forgotten, so nothing stays "firing" forever.
   */
  async deleteRule(scope: TenantScope, id: string): Promise<void> {
    if (!(await this.repo.deleteConfig(scope, 'rule', id))) throw new AppError('NOT_FOUND', `no alert rule ${id}`);
    const now = Date.now();
    const open = await this.repo.listIncidents<IncidentRecord>(scope, { limit: LIMITS.openIncidentsClosedOnDelete, state: 'firing', ruleId: id });
    await this.repo.putIncidents(
      scope,
      open.map(({ body }) => ({
        incidentId: body.incidentId,
        fingerprint: body.fingerprint,
        ruleId: body.ruleId,
        state: 'resolved',
        startsAtMs: body.notice.startsAtMs,
        body: { ...body, state: 'resolved' as const, notice: { ...body.notice, status: 'resolved' as const, endsAtMs: now } },
      })),
    );
    await this.repo.deleteStatesOfRule(scope, id);
  }

  private async checkChannels(scope: TenantScope, ids: readonly string[]): Promise<void> {
    for (const id of new Set(ids)) {
      if (!(await this.repo.getConfig(scope, 'channel', id))) throw new AppError('INVALID_REQUEST', `channelIds: no channel ${id} in this project`);
    }
  }

  // ---- channels ----

  private requireBox(): SecretBox {
    if (!this.box) throw new AppError('UNAVAILABLE', 'channel secrets cannot be stored: LINKSCOPE_SECRETS_KEY is not set on the api');
    return this.box;
  }

  async listChannels(scope: TenantScope): Promise<ChannelView[]> {
    return (await this.repo.listConfig<StoredChannel>(scope, 'channel')).map((c) => channelView(c.body));
  }

  async getChannel(scope: TenantScope, id: string): Promise<ChannelView> {
    const channel = await this.repo.getConfig<StoredChannel>(scope, 'channel', id);
    if (!channel) throw new AppError('NOT_FOUND', `no channel ${id}`);
    return channelView(channel.body);
  }

  async createChannel(scope: TenantScope, body: unknown): Promise<ChannelView> {
    const input = channelInputSchema.parse(body);
    if ((await this.repo.listConfig(scope, 'channel')).length >= LIMITS.channels) throw new AppError('INVALID_REQUEST', `a project has at most ${LIMITS.channels} channels`);
    const id = newId('c');
    const stored = this.seal(scope, id, input, null);
    await this.repo.putConfig(scope, 'channel', id, stored, { expected: null });
    return channelView(stored);
  }

  async replaceChannel(scope: TenantScope, id: string, body: unknown): Promise<ChannelView> {
    const input = channelInputSchema.parse(body);
    const current = await this.repo.getConfig<StoredChannel>(scope, 'channel', id);
    if (!current) throw new AppError('NOT_FOUND', `no channel ${id}`);
    const stored = this.seal(scope, id, input, current.body);
    await this.repo.putConfig(scope, 'channel', id, stored, { expected: current.version });
    return channelView(stored);
  }

  private seal(scope: TenantScope, id: string, input: ReturnType<typeof channelInputSchema.parse>, previous: StoredChannel | null): StoredChannel {
    try {
      return sealChannel(scope, id, input, this.requireBox(), previous);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('INVALID_REQUEST', `secrets: ${(error as Error).message}`);
    }
  }

  async deleteChannel(scope: TenantScope, id: string): Promise<void> {
    const rules = await this.listRules(scope);
    const users = rules.filter((r) => r.channelIds.includes(id) || r.escalation?.channelIds.includes(id)).map((r) => r.name);
    if (users.length > 0) throw new AppError('INVALID_REQUEST', `channel ${id} is used by rules: ${users.slice(0, 5).join(', ')}`);
    if (!(await this.repo.deleteConfig(scope, 'channel', id))) throw new AppError('NOT_FOUND', `no channel ${id}`);
  }

  /** Sends a test message straight to the channel and says what the provider answered. */
  async testChannel(scope: TenantScope, id: string): Promise<SendOutcome> {
    const stored = await this.repo.getConfig<StoredChannel>(scope, 'channel', id);
    if (!stored) throw new AppError('NOT_FOUND', `no channel ${id}`);
    let channel;
    try {
      channel = openChannel(scope, stored.body, this.box);
    } catch (error) {
      throw new AppError('UNAVAILABLE', `the channel's secrets cannot be read: ${(error as Error).message}`);
    }
    return sendToChannel(channel, sampleMessage([], 'test'), `test-${randomBytes(8).toString('hex')}`);
  }

  // ---- silences ----

  async listSilences(scope: TenantScope): Promise<Silence[]> {
    return (await this.repo.listConfig<Silence>(scope, 'silence')).map((s) => s.body);
  }

  async createSilence(scope: TenantScope, body: unknown): Promise<Silence> {
    const spec = silenceInputSchema.parse(body);
    const active = (await this.listSilences(scope)).filter((s) => s.endsAtMs > Date.now());
    if (active.length >= LIMITS.silences) throw new AppError('INVALID_REQUEST', `a project has at most ${LIMITS.silences} active silences`);
    for (const m of spec.matchers) {
      if (!m.isRegex) continue;
      try {
        new RegExp(m.value);
      } catch {
        throw new AppError('INVALID_REQUEST', `matchers: ${m.name} is not a valid regular expression`);
      }
    }
    const silence: Silence = { ...spec, id: newId('s') };
    await this.repo.putConfig(scope, 'silence', silence.id, silence, { expected: null });
    return silence;
  }

  /** Ends a silence now (kept for the record, as Alertmanager expires rather than deletes). */
  async expireSilence(scope: TenantScope, id: string): Promise<Silence> {
    const current = await this.repo.getConfig<Silence>(scope, 'silence', id);
    if (!current) throw new AppError('NOT_FOUND', `no silence ${id}`);
    const now = Date.now();
    const silence: Silence = { ...current.body, endsAtMs: Math.max(current.body.startsAtMs, Math.min(current.body.endsAtMs, now)) };
    await this.repo.putConfig(scope, 'silence', id, silence, { expected: current.version });
    return silence;
  }

  // ---- history and acknowledgement ----

  async history(scope: TenantScope, query: AlertHistoryQuery): Promise<{ alerts: AlertView[] }> {
    const incidents = await this.repo.listIncidents<IncidentRecord>(scope, { limit: query.limit, ...(query.state ? { state: query.state } : {}) });
    const notifications = await this.repo.listNotificationsFor<NotificationBody>(scope, incidents.map((i) => i.body.incidentId));
    const states = new Map((await this.repo.listStates<AlertStateRecord>(scope)).map((s) => [s.body.fingerprint, s.body]));
    const alerts = incidents.map(({ body }): AlertView => {
      const state = states.get(body.fingerprint);
      // The state speaks for this incident only while it is the state's current one.
      const current = state && (state.incidentSeq !== undefined ? incidentId(state.fingerprint, state.incidentSeq) === body.incidentId : state.firingSinceMs === body.notice.startsAtMs) ? state : null;
      const sent: NotificationRecord[] = notifications
        .filter((n) => n.body.incidentIds.includes(body.incidentId))
        .map((n) => ({
          notificationId: n.body.notificationId,
          channelId: n.body.channelId,
          channelType: n.body.channelType ?? 'webhook',
          kind: n.body.kind,
          status: n.status as NotificationRecord['status'],
          attempts: n.body.attempts,
          detail: n.body.detail,
          atMs: n.body.sentAtMs ?? n.body.createdAtMs,
        }));
      return {
        fingerprint: body.fingerprint,
        incidentId: body.incidentId,
        ruleId: body.ruleId,
        ruleName: body.notice.ruleName,
        severity: body.notice.severity,
        layer: body.notice.layer,
        entity: body.notice.entity,
        state: body.state,
        value: body.notice.value,
        threshold: null,
        summary: `${body.notice.metricLabel} ${body.notice.condition}`,
        // No child to blame (the entity fails by itself): the dominant status code is the lead.
        suspect: body.notice.suspect
          ? `${body.notice.suspect.layer} ${body.notice.suspect.entity}: ${body.notice.suspect.detail}`
          : body.notice.dominantError
            ? `top error ${body.notice.dominantError}`
            : null,
        startsAtMs: body.notice.startsAtMs,
        endsAtMs: body.notice.endsAtMs,
        acknowledgedAtMs: current?.acknowledgedAtMs ?? null,
        acknowledgedBy: current?.acknowledgedBy ?? null,
        notifications: sent,
      };
    });
    return { alerts };
  }

  /** Acknowledges the current incident of an alert: escalation stops; nothing else changes. */
  async acknowledge(scope: TenantScope, fingerprint: string, by: string): Promise<{ fingerprint: string; acknowledgedAtMs: number }> {
    const now = Date.now();
    const result = await this.repo.updateState<AlertStateRecord>(scope, fingerprint, (state) => {
      if (state.phase !== 'firing') throw new AppError('INVALID_REQUEST', `alert ${fingerprint} is not firing`);
      return state.acknowledgedAtMs ? null : { ...state, acknowledgedAtMs: now, acknowledgedBy: by };
    });
    if (!result) throw new AppError('NOT_FOUND', `no alert ${fingerprint}`);
    return { fingerprint, acknowledgedAtMs: result.acknowledgedAtMs ?? now };
  }
}
