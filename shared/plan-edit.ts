import { WeekdaySchema, type Plan, type PlanBlock, type Weekday } from './domain';
import { clockMinutes } from './plan';

/**
 * Pure maths of the plan timeline editor: pixels ↔ minutes, snapping, moving and resizing blocks
 * with clamping, overlaps and gaps per day, copying a day to other days, new block ids.
 *
 * A block's *span* is [start, end) in minutes of the day it starts on; `end` is in (start, start + 1440],
 * so a block crossing midnight has end > 1440 (its stored end is `end - 1440`, the next morning).
 */

export const DAY_MINUTES = 1440;
/** The timeline snaps to quarter hours. */
export const SNAP_MINUTES = 15;
/** The weekdays in the order the timeline shows them (mon … sun). */
export const PLAN_WEEKDAYS: readonly Weekday[] = WeekdaySchema.options;

export interface Span {
  start: number;
  end: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Minutes (0…1440) → "HH:MM"; 1440 → "24:00". Values outside the day wrap. */
export function formatClock(minutes: number): string {
  const m = Math.round(minutes);
  if (m === DAY_MINUTES) return '24:00';
  const w = ((m % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(w / 60)).padStart(2, '0')}:${String(w % 60).padStart(2, '0')}`;
}

/** A pixel offset on a track `width` pixels wide → minutes of the day, clamped to 0…1440. */
export function pxToMinute(px: number, width: number): number {
  if (width <= 0) return 0;
  return clamp((px / width) * DAY_MINUTES, 0, DAY_MINUTES);
}

/** Minutes of the day → pixel offset on a track `width` pixels wide. */
export function minuteToPx(minute: number, width: number): number {
  return (minute / DAY_MINUTES) * width;
}

/** Rounds to the nearest multiple of `step`. */
export function snap(minute: number, step = SNAP_MINUTES): number {
  return Math.round(minute / step) * step;
}

/** The block's span: a block whose end is not after its start crosses midnight. */
export function blockSpan(block: Pick<PlanBlock, 'start' | 'end'>): Span {
  const start = clockMinutes(block.start);
  let end = clockMinutes(block.end);
  if (end <= start) end += DAY_MINUTES;
  return { start, end };
}

/** True when the block runs past midnight into the next day. */
export function crossesMidnight(block: Pick<PlanBlock, 'start' | 'end'>): boolean {
  return blockSpan(block).end > DAY_MINUTES;
}

/** A span back to stored clock times ("24:00" for an end exactly at midnight). */
export function spanToClock(span: Span): { start: string; end: string } {
  const end = span.end > DAY_MINUTES ? span.end - DAY_MINUTES : span.end;
  return { start: formatClock(span.start), end: formatClock(end) };
}

function withSpan<B extends PlanBlock>(block: B, span: Span): B {
  return { ...block, ...spanToClock(span) };
}

/**
 * Moves a block by `deltaMinutes`, snapped, keeping its length. A block within one day stays within
 * 00:00–24:00; a block crossing midnight still crosses it (it starts before 24:00 and ends after 00:00).
 */
export function moveBlock<B extends PlanBlock>(block: B, deltaMinutes: number, step = SNAP_MINUTES): B {
  const { start, end } = blockSpan(block);
  const length = Math.max(step, end - start);
  let next = snap(start + deltaMinutes, step);
  if (end > DAY_MINUTES) {
    const lo = Math.min(DAY_MINUTES - step, DAY_MINUTES - length + step);
    next = clamp(next, Math.max(0, lo), DAY_MINUTES - step);
  } else {
    next = clamp(next, 0, DAY_MINUTES - length);
  }
  return withSpan(block, { start: next, end: next + length });
}

/**
 * Moves one edge of a block to `minute` (snapped). For the end edge, minutes above 1440 are the next
 * morning (a block crossing midnight). The block keeps at least `step` minutes and at most a day; the
 * start stays in 00:00–24:00 and an end within the day stays there.
 */
export function resizeBlock<B extends PlanBlock>(block: B, edge: 'start' | 'end', minute: number, step = SNAP_MINUTES): B {
  const { start, end } = blockSpan(block);
  const m = snap(minute, step);
  if (edge === 'start') {
    const lo = Math.max(0, end - DAY_MINUTES);
    const hi = Math.max(lo, Math.min(end - step, DAY_MINUTES - step));
    const next = clamp(m, lo, hi);
    return withSpan(block, { start: next, end: Math.max(end, next + step) });
  }
  const hi = end > DAY_MINUTES ? start + DAY_MINUTES : DAY_MINUTES;
  return withSpan(block, { start, end: clamp(m, start + step, Math.max(start + step, hi)) });
}

/** The span a drag from `a` to `b` (minutes, either order) draws: snapped, at least `step` long, within the day. */
export function dragSpan(a: number, b: number, step = SNAP_MINUTES): Span {
  let start = clamp(snap(Math.min(a, b), step), 0, DAY_MINUTES - step);
  let end = clamp(snap(Math.max(a, b), step), 0, DAY_MINUTES);
  if (end - start < step) {
    end = Math.min(DAY_MINUTES, start + step);
    start = end - step;
  }
  return { start, end };
}

/** A piece of a block drawn on one day's row. */
export interface DaySegment {
  block: PlanBlock;
  /** The day list that holds the block (a weekday, or an override's date). */
  owner: string;
  from: number;
  to: number;
  /** True for the morning part of a block that started the day before. */
  continued: boolean;
}

/**
 * What a day's row shows: its own blocks (up to 24:00) and the morning part of the previous day's
 * blocks that cross midnight (pass `previous` = that day's blocks and key, or null).
 */
export function daySegments(own: { key: string; blocks: readonly PlanBlock[] }, previous: { key: string; blocks: readonly PlanBlock[] } | null): DaySegment[] {
  const out: DaySegment[] = [];
  for (const block of previous?.blocks ?? []) {
    const { end } = blockSpan(block);
    if (end > DAY_MINUTES) out.push({ block, owner: previous!.key, from: 0, to: end - DAY_MINUTES, continued: true });
  }
  for (const block of own.blocks) {
    const { start, end } = blockSpan(block);
    out.push({ block, owner: own.key, from: start, to: Math.min(end, DAY_MINUTES), continued: false });
  }
  return out;
}

/** A stretch of a day where two or more blocks overlap. */
export interface Conflict extends Span {
  blockIds: string[];
}

/** Where the segments of one row overlap (merged per stretch, with every block involved). */
export function dayConflicts(segments: readonly DaySegment[]): Conflict[] {
  const cuts = [...new Set(segments.flatMap((s) => [s.from, s.to]))].sort((a, b) => a - b);
  const out: Conflict[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const lo = cuts[i]!;
    const hi = cuts[i + 1]!;
    const ids = segments.filter((s) => s.from < hi && s.to > lo).map((s) => s.block.id);
    if (ids.length < 2) continue;
    const last = out.at(-1);
    if (last && last.end === lo) {
      last.end = hi;
      for (const id of ids) if (!last.blockIds.includes(id)) last.blockIds.push(id);
    } else {
      out.push({ start: lo, end: hi, blockIds: [...new Set(ids)] });
    }
  }
  return out;
}

/** The stretches of 00:00–24:00 that no segment covers. */
export function dayGaps(segments: readonly DaySegment[]): Span[] {
  const sorted = [...segments].filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  let at = 0;
  for (const s of sorted) {
    if (s.from > at) out.push({ start: at, end: s.from });
    at = Math.max(at, s.to);
  }
  if (at < DAY_MINUTES) out.push({ start: at, end: DAY_MINUTES });
  return out;
}

/** Every block id the plan uses (weekdays and overrides). */
export function planBlockIds(plan: Pick<Plan, 'days' | 'overrides'>): Set<string> {
  const ids = new Set<string>();
  for (const blocks of Object.values(plan.days)) for (const b of blocks) ids.add(b.id);
  for (const o of plan.overrides ?? []) for (const b of o.blocks) ids.add(b.id);
  return ids;
}

/** A block id not in `taken`: `${prefix}-1`, `${prefix}-2`, … (adds it to `taken`). */
export function newBlockId(taken: Set<string>, prefix = 'blk'): string {
  let n = taken.size + 1;
  while (taken.has(`${prefix}-${n}`)) n++;
  const id = `${prefix}-${n}`;
  taken.add(id);
  return id;
}

/** Replaces the blocks of each target day with copies of `from`'s blocks (new ids). */
export function copyDay(plan: Plan, from: Weekday, to: readonly Weekday[]): Plan {
  const taken = planBlockIds(plan);
  const days = { ...plan.days };
  for (const day of to) {
    if (day === from) continue;
    for (const b of days[day] ?? []) taken.delete(b.id);
  }
  for (const day of to) {
    if (day === from) continue;
    days[day] = (plan.days[from] ?? []).map((b) => ({ ...b, id: newBlockId(taken, `blk-${day}`) }));
  }
  return { ...plan, days };
}

/** A plan that plays one playlist all day, every day. */
export function allDayPlan(opts: { id: string; name: string; timeZone: string; playlistId: string }): Plan {
  const days = Object.fromEntries(
    PLAN_WEEKDAYS.map((d) => [d, [{ id: `blk-${d}-all-day`, start: '00:00', end: '24:00', playlistId: opts.playlistId, startMode: 'soft' as const }]]),
  ) as Plan['days'];
  return { id: opts.id, name: opts.name, timeZone: opts.timeZone, days, overrides: [], gap: { mode: 'off-air' } };
}

/** The weekday before `day` (sun before mon). */
export function previousWeekday(day: Weekday): Weekday {
  const i = PLAN_WEEKDAYS.indexOf(day);
  return PLAN_WEEKDAYS[(i + 6) % 7]!;
}
