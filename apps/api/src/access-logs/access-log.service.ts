import { Inject, Injectable } from '@nestjs/common';
import type { AccessLogSummaryQuery, AccessLogSummaryResponse, TenantScope } from '@linkscope/domain';
import type { Storage } from '@linkscope/storage';
import { STORAGE } from '../storage.provider';

@Injectable()
export class AccessLogService {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  /** Per-minute totals, window totals and the newest sampled slow/5xx lines of the access logs in [fromMs, toMs). */
  async summary(scope: TenantScope, query: AccessLogSummaryQuery): Promise<AccessLogSummaryResponse> {
    const range = { fromMs: query.fromMs, toMs: query.toMs - 1, ...(query.host ? { host: query.host } : {}) };
    const [minutes, samples] = await Promise.all([this.storage.accessLogs.minuteTotals(scope, range), this.storage.accessLogs.samples(scope, { ...range, limit: query.samples })]);
    const totals = { count: 0, errors: 0, slowCount: 0, unparsed: 0 };
    for (const m of minutes) {
      totals.count += m.count;
      totals.errors += m.errors;
      totals.slowCount += m.slowCount;
      totals.unparsed += m.unparsed;
    }
    return { fromMs: query.fromMs, toMs: query.toMs, minutes, totals, samples };
  }
}
