import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Plan, PlanBlock } from '../../shared/domain';
import { blockAt, localTime } from '../../shared/plan';

const block = (id: string, start: string, end: string): PlanBlock => ({ id, start, end, playlistId: 'p', startMode: 'soft' });
const allDays = (blocks: PlanBlock[]): Plan['days'] => ({ mon: blocks, tue: blocks, wed: blocks, thu: blocks, fri: blocks, sat: blocks, sun: blocks });

describe('plan resolution', () => {
  it('reads wall-clock time in the plan time zone', () => {
    // 2026-11-22T02:00Z is Sunday 10:00 in Shanghai and Saturday 21:00 in New York.
    const t = Date.UTC(2026, 10, 22, 2, 0, 0);
    expect(localTime(t, 'Asia/Shanghai')).toEqual({ weekday: 'sun', minuteOfDay: 600 });
    expect(localTime(t, 'America/New_York')).toEqual({ weekday: 'sat', minuteOfDay: 21 * 60 });
  });

  it('maps every instant of a week to the all-day block', () => {
    const plan: Plan = { id: 'x', name: 'x', timeZone: 'Asia/Shanghai', days: allDays([block('day', '00:00', '24:00')]) };
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }), (t) => blockAt(plan, t)?.block.id === 'day'),
    );
  });

  it('keeps a block that crosses midnight on air after midnight, and nothing in the gap', () => {
    const plan: Plan = { id: 'x', name: 'x', timeZone: 'Asia/Shanghai', days: { ...allDays([]), sat: [block('night', '22:00', '02:00')] } };
    const shanghai = (d: number, h: number, m = 0): number => Date.UTC(2026, 10, d, h - 8, m);
    expect(blockAt(plan, shanghai(21, 23))?.block.id).toBe('night'); // Sat 23:00
    expect(blockAt(plan, shanghai(22, 1, 59))).toMatchObject({ block: { id: 'night' }, day: 'sat', date: '2026-11-21' }); // Sun 01:59
    expect(blockAt(plan, shanghai(22, 2, 0))).toBeNull(); // Sun 02:00
    expect(blockAt(plan, shanghai(21, 21, 59))).toBeNull();
  });
});
