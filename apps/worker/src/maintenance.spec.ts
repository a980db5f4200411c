import { describe, expect, it } from 'vitest';
import { runMaintenanceTask } from './maintenance';

const config = { sealEveryMs: 30_000, sealLagMs: 120_000, retentionDays: 7, retentionEveryMs: 3_600_000 };

describe('runMaintenanceTask', () => {
  it('seals up to now minus the lag, and deletes with the configured retention', async () => {
    const calls: string[] = [];
    const storage = {
      sealRollups: async (throughMs: number, nowMs?: number) => {
        calls.push(`seal ${throughMs} at ${nowMs}`);
        return { sealedThroughMs: throughMs, minutesSealed: 0, lateMinutesResealed: 0, documentsWritten: 0 };
      },
      deleteExpiredIndices: async (days: number, nowMs?: number) => {
        calls.push(`retention ${days} at ${nowMs}`);
        return { deleted: [] };
      },
    };
    await runMaintenanceTask(storage, config, 'seal-rollups', 1_000_000);
    await runMaintenanceTask(storage, config, 'retention', 2_000_000);
    expect(calls).toEqual(['seal 880000 at 1000000', 'retention 7 at 2000000']);
  });
});
