import type { LiveMethods } from '../../../shared/api-live';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const livePages: PagesOf<typeof LiveMethods> = {
  'host.health': ['studio'],
};

const DAY_MS = 24 * 3600 * 1000;
/** The as-run figures are counted at most this often (a day on air holds ~20,000 lines). */
const COUNT_EVERY_MS = 3_000;
const MAX_ROWS = 200_000;

export function liveMethods(ctx: HostContext): ImplOf<typeof LiveMethods> {
  let counted: { at: number; lines: number; failed: number; skipped: number } | null = null;
  const counts = (now: number): { lines: number; failed: number; skipped: number } => {
    if (counted && now - counted.at < COUNT_EVERY_MS && now >= counted.at) return counted;
    const rows = ctx.store.asRunPlannedBetween(now - DAY_MS, now + 1, MAX_ROWS);
    let failed = 0;
    let skipped = 0;
    for (const r of rows) {
      if (r.outcome === 'failed' || r.outcome === 'timeout') failed++;
      else if (r.outcome === 'skipped') skipped++;
    }
    counted = { at: now, lines: rows.filter((r) => r.outcome !== 'notice').length, failed, skipped };
    return counted;
  };
  return {
    'host.health': () => {
      const now = Date.now();
      const mem = process.memoryUsage();
      const c = counts(now);
      return {
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
        heapTotalBytes: mem.heapTotal,
        uptimeS: Math.round(process.uptime()),
        asRunLines24h: c.lines,
        failedLines24h: c.failed,
        skippedLines24h: c.skipped,
        at: now,
      };
    },
  };
}
