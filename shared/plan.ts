import { WEEKDAYS, type Plan, type PlanBlock, type Weekday } from './domain';

/** Wall-clock parts of an instant in a time zone. */
export interface LocalTime {
  weekday: Weekday;
  /** Minutes since local midnight, with fractions for seconds. */
  minuteOfDay: number;
}

export interface LocalDateTime extends LocalTime {
  /** Local date "YYYY-MM-DD". */
  date: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localDateTimeIntl(epochMs: number, timeZone: string): LocalDateTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  let weekday = '';
  let year = '';
  let month = '';
  let day = '';
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const p of parts) {
    if (p.type === 'weekday') weekday = p.value;
    else if (p.type === 'year') year = p.value;
    else if (p.type === 'month') month = p.value;
    else if (p.type === 'day') day = p.value;
    else if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'minute') minute = Number(p.value);
    else if (p.type === 'second') second = Number(p.value);
  }
  const ms = ((epochMs % 1000) + 1000) % 1000;
  return {
    weekday: weekday.slice(0, 3).toLowerCase() as Weekday,
    minuteOfDay: hour * 60 + minute + (second + ms / 1000) / 60,
    date: `${year}-${month}-${day}`,
  };
}

/**
 * Zone offsets per 15-minute bucket: every offset change of today's IANA zones falls on a quarter
 * hour, so within a bucket local time is UTC plus one offset. This keeps the week-long simulations
 * fast; the offset itself always comes from Intl.
 */
const BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, Map<number, number>>();

function bucketOffset(epochMs: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const bucket = Math.floor(epochMs / BUCKET_MS);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const t = bucket * BUCKET_MS;
    const l = localDateTimeIntl(t, timeZone);
    const [y, m, d] = l.date.split('-').map(Number) as [number, number, number];
    offset = Date.UTC(y, m - 1, d) + Math.round(l.minuteOfDay * 60_000) - t;
    if (zone.size > 50_000) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

/** Local date, weekday and minute of day. Throws a RangeError naming the zone when it is not a valid IANA time zone. */
export function localDateTime(epochMs: number, timeZone: string): LocalDateTime {
  const local = new Date(epochMs + bucketOffset(epochMs, timeZone));
  const date = local.toISOString().slice(0, 10);
  const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes() + (local.getUTCSeconds() + local.getUTCMilliseconds() / 1000) / 60;
  return { weekday: WEEKDAYS[local.getUTCDay()]!, minuteOfDay, date };
}

export function localTime(epochMs: number, timeZone: string): LocalTime {
  const { weekday, minuteOfDay } = localDateTime(epochMs, timeZone);
  return { weekday, minuteOfDay };
}

/** True when the zone is a valid IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** "HH:MM" → minutes since midnight ("24:00" → 1440). */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function weekdayOfDate(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

/** UTC offset of the zone at an instant, in ms (local = utc + offset). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  return bucketOffset(epochMs, timeZone);
}

/**
 * The instant of a local wall time. In a DST gap (a time that does not exist) it gives the instant the
 * clock jumps over it; in an overlap (a time that happens twice) the first one.
 */
export function zonedEpoch(date: string, minuteOfDay: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000;
  const o1 = zoneOffsetMs(wall - 14 * 3_600_000, timeZone);
  const o2 = zoneOffsetMs(wall + 14 * 3_600_000, timeZone);
  const a = wall - o1;
  const b = wall - o2;
  const candidates = [a, b].filter((t) => {
    const l = localDateTime(t, timeZone);
    return l.date === date && Math.abs(l.minuteOfDay - minuteOfDay) < 1e-6;
  });
  if (candidates.length > 0) return Math.min(...candidates);
  // A gap: the wall time never shows; the change happens at the transition between a and b.
  return findTransition(Math.min(a, b), Math.max(a, b), timeZone);
}

/** Binary search for the instant the zone's offset changes within [lo, hi]. */
function findTransition(lo: number, hi: number, timeZone: string): number {
  lo = Math.floor(lo / 60_000) * 60_000;
  hi = Math.ceil(hi / 60_000) * 60_000;
  const o = zoneOffsetMs(lo, timeZone);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (zoneOffsetMs(mid, timeZone) === o) lo = mid;
    else hi = mid;
  }
  return hi;
}

function previousDay(day: Weekday): Weekday {
  const i = WEEKDAYS.indexOf(day);
  return WEEKDAYS[(i + 6) % 7]!;
}

/** The day plan that runs on a local date: its dated override if there is one, else the weekday's. */
export function dayPlanFor(plan: Plan, date: string): { blocks: readonly PlanBlock[]; override: boolean } {
  const override = plan.overrides?.find((o) => o.date === date);
  if (override) return { blocks: override.blocks, override: true };
  return { blocks: plan.days[weekdayOfDate(date)] ?? [], override: false };
}

export interface BlockAt {
  block: PlanBlock;
  /** The weekday whose day plan holds the block (the day it started, for blocks crossing midnight). */
  day: Weekday;
  /** The local date the block started on. */
  date: string;
  /** True when the block comes from a dated override. */
  override: boolean;
}

/**
 * The block on air at an instant, or null when the plan has nothing there (a gap: off air or the idle
 * playlist). A block whose end is not after its start crosses midnight into the next day.
 * Overlaps are resolved deterministically: the block that started latest wins (the merchant put it on
 * top); between blocks that start together, the one listed later wins. A dated override replaces the
 * whole day plan of its date, including the blocks crossing into the next morning.
 */
export function blockAt(plan: Plan, epochMs: number): BlockAt | null {
  const { date, minuteOfDay } = localDateTime(epochMs, plan.timeZone);
  let best: (BlockAt & { startedMinutesAgo: number }) | null = null;
  const consider = (d: string, override: boolean, block: PlanBlock, startedMinutesAgo: number): void => {
    if (!best || startedMinutesAgo <= best.startedMinutesAgo) {
      best = { block, day: weekdayOfDate(d), date: d, override, startedMinutesAgo };
    }
  };
  const yesterday = shiftDate(date, -1);
  const y = dayPlanFor(plan, yesterday);
  for (const block of y.blocks) {
    const start = clockMinutes(block.start);
    const end = clockMinutes(block.end);
    if (end <= start && minuteOfDay < end) consider(yesterday, y.override, block, minuteOfDay + 1440 - start);
  }
  const today = dayPlanFor(plan, date);
  for (const block of today.blocks) {
    const start = clockMinutes(block.start);
    const end = clockMinutes(block.end);
    const crosses = end <= start;
    if (minuteOfDay >= start && (crosses || minuteOfDay < end)) consider(date, today.override, block, minuteOfDay - start);
  }
  if (!best) return null;
  const found: BlockAt & { startedMinutesAgo: number } = best;
  return { block: found.block, day: found.day, date: found.date, override: found.override };
}

/** A stable key of the resolution at an instant (block + the date it started), null in a gap. */
export function slotKey(at: BlockAt | null): string | null {
  return at ? `${at.date}/${at.block.id}` : null;
}

/**
 * The next instant after `epochMs` at which the plan may put something else on air (a block starts or
 * ends, or the zone's clock jumps), within `horizonMs` (default 2 days; returns the horizon when
 * nothing changes before it). The resolution is constant on [epochMs, result).
 */
export function nextChange(plan: Plan, epochMs: number, horizonMs = 2 * 86_400_000): number {
  const limit = epochMs + horizonMs;
  const { date } = localDateTime(epochMs, plan.timeZone);
  const candidates: number[] = [];
  for (let d = -1; d <= Math.ceil(horizonMs / 86_400_000) + 1; d++) {
    const day = shiftDate(date, d);
    candidates.push(zonedEpoch(day, 0, plan.timeZone)); // overrides switch at midnight
    for (const b of dayPlanFor(plan, day).blocks) {
      const start = clockMinutes(b.start);
      const end = clockMinutes(b.end);
      candidates.push(zonedEpoch(day, start, plan.timeZone));
      candidates.push(end <= start ? zonedEpoch(shiftDate(day, 1), end, plan.timeZone) : zonedEpoch(day, end, plan.timeZone));
    }
  }
  // Clock jumps (DST) move wall times; add the transitions in the window.
  const step = 3_600_000;
  let prev = zoneOffsetMs(epochMs, plan.timeZone);
  for (let t = epochMs + step; t <= limit + step; t += step) {
    const o = zoneOffsetMs(t, plan.timeZone);
    if (o !== prev) candidates.push(findTransition(t - step, t, plan.timeZone));
    prev = o;
  }
  let best = limit;
  for (const c of candidates) if (c > epochMs && c < best) best = c;
  return best;
}

/** Two blocks of one day plan that cover the same time. */
export interface PlanOverlap {
  /** Weekday key or override date. */
  where: string;
  blocks: [string, string];
  /** The block that airs during the overlap (the one that started later). */
  winner: string;
  /** The shared time, "HH:MM–HH:MM" (may cross midnight). */
  range: string;
}

function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Overlapping blocks within each day plan (weekday or override), with which one wins. */
export function planOverlaps(plan: Plan): PlanOverlap[] {
  const out: PlanOverlap[] = [];
  const lists: Array<[string, readonly PlanBlock[]]> = [
    ...Object.entries(plan.days).map(([k, v]): [string, readonly PlanBlock[]] => [k, v]),
    ...(plan.overrides ?? []).map((o): [string, readonly PlanBlock[]] => [o.date, o.blocks]),
  ];
  for (const [where, blocks] of lists) {
    const spans = blocks.map((b, i) => {
      const s = clockMinutes(b.start);
      let e = clockMinutes(b.end);
      if (e <= s) e += 1440;
      return { b, i, s, e };
    });
    for (let i = 0; i < spans.length; i++) {
      for (let j = i + 1; j < spans.length; j++) {
        const a = spans[i]!;
        const c = spans[j]!;
        const lo = Math.max(a.s, c.s);
        const hi = Math.min(a.e, c.e);
        if (lo < hi) {
          const winner = c.s >= a.s ? c.b.id : a.b.id;
          out.push({ where, blocks: [a.b.id, c.b.id], winner, range: `${hhmm(lo)}–${hhmm(hi)}` });
        }
      }
    }
  }
  return out;
}

/** Unused-day helper kept for callers of the first-light API. */
export { previousDay };
