import type { AsRunEntry } from '../../shared/domain';

export const AS_RUN_CSV_COLUMNS = [
  'id',
  'planned_start',
  'actual_start',
  'end',
  'duration_ms',
  'block',
  'playlist',
  'script',
  'text',
  'engine',
  'voice',
  'cache_hit',
  'outcome',
  'note',
] as const;

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote when needed; neutralise a leading formula character so a spreadsheet does not run it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The as-run log as CSV (RFC 4180, CRLF, UTF-8 with BOM so spreadsheet apps read Chinese text). */
export function asRunCsv(entries: readonly AsRunEntry[], opts: { bom?: boolean } = {}): string {
  const rows = [AS_RUN_CSV_COLUMNS.join(',')];
  for (const e of entries) {
    rows.push(
      [
        e.id,
        iso(e.plannedAt),
        iso(e.startedAt),
        iso(e.endedAt),
        e.startedAt !== null && e.endedAt !== null ? e.endedAt - e.startedAt : null,
        e.blockId,
        e.playlistId,
        e.scriptId,
        e.text,
        e.engine,
        e.voice,
        e.cacheHit,
        e.outcome,
        e.note,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${opts.bom === false ? '' : '\uFEFF'}${rows.join('\r\n')}\r\n`;
}
