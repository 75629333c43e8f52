import { WEEKDAYS, type Plan, type PlanBlock, type Weekday } from './domain';

/** Wall-clock parts of an instant in a time zone. */
export interface LocalTime {
  weekday: Weekday;
  /** Minutes since local midnight, with fractions for seconds. */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError naming the zone when it is not a valid IANA time zone. */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = get('weekday').slice(0, 3).toLowerCase() as Weekday;
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const minuteOfDay = Number(get('hour')) * 60 + Number(get('minute')) + (Number(get('second')) + ms / 1000) / 60;
  return { weekday, minuteOfDay };
}

/** "HH:MM" → minutes since midnight ("24:00" → 1440). */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

function previousDay(day: Weekday): Weekday {
  const i = WEEKDAYS.indexOf(day);
  return WEEKDAYS[(i + 6) % 7]!;
}

export interface BlockAt {
  block: PlanBlock;
  /** The weekday whose day plan holds the block (the day it started, for blocks crossing midnight). */
  day: Weekday;
}

/**
 * The block on air at an instant, or null when the plan has nothing there (off air / idle).
 * A block whose end is not after its start crosses midnight into the next day.
 * When blocks overlap, the one that started latest wins (the merchant put it on top).
 */
export function blockAt(plan: Plan, epochMs: number): BlockAt | null {
  const { weekday, minuteOfDay } = localTime(epochMs, plan.timeZone);
  let best: (BlockAt & { startedMinutesAgo: number }) | null = null;
  const consider = (day: Weekday, block: PlanBlock, startedMinutesAgo: number): void => {
    if (!best || startedMinutesAgo < best.startedMinutesAgo) best = { block, day, startedMinutesAgo };
  };
  for (const block of plan.days[weekday] ?? []) {
    const start = clockMinutes(block.start);
    const end = clockMinutes(block.end);
    const crosses = end <= start;
    if (minuteOfDay >= start && (crosses || minuteOfDay < end)) consider(weekday, block, minuteOfDay - start);
  }
  const yesterday = previousDay(weekday);
  for (const block of plan.days[yesterday] ?? []) {
    const start = clockMinutes(block.start);
    const end = clockMinutes(block.end);
    if (end <= start && minuteOfDay < end) consider(yesterday, block, minuteOfDay + 1440 - start);
  }
  if (!best) return null;
  const found: BlockAt & { startedMinutesAgo: number } = best;
  return { block: found.block, day: found.day };
}
