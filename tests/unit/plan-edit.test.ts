import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlanBlockSchema, PlanSchema, type Plan, type PlanBlock } from '../../shared/domain';
import { blockAt } from '../../shared/plan';
import {
  DAY_MINUTES,
  SNAP_MINUTES,
  allDayPlan,
  blockSpan,
  copyDay,
  dayConflicts,
  dayGaps,
  daySegments,
  dragSpan,
  formatClock,
  minuteToPx,
  moveBlock,
  newBlockId,
  planBlockIds,
  pxToMinute,
  resizeBlock,
  snap,
} from '../../shared/plan-edit';

const block = (id: string, start: string, end: string, playlistId = 'pl'): PlanBlock => ({ id, start, end, playlistId, startMode: 'soft' });

describe('timeline maths', () => {
  it('converts pixels and minutes both ways on a 960 px track and snaps to quarter hours', () => {
    expect(pxToMinute(480, 960)).toBe(720);
    expect(pxToMinute(-20, 960)).toBe(0);
    expect(pxToMinute(2000, 960)).toBe(DAY_MINUTES);
    expect(minuteToPx(360, 960)).toBe(240);
    expect(snap(607)).toBe(600);
    expect(snap(608)).toBe(615);
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(1440)).toBe('24:00');
    expect(formatClock(1500)).toBe('01:00');
  });

  it('draws a block from a drag in either direction, at least a quarter hour long', () => {
    expect(dragSpan(600, 545)).toEqual({ start: 540, end: 600 });
    expect(dragSpan(100, 103)).toEqual({ start: 105, end: 120 });
    expect(dragSpan(1439, 1440)).toEqual({ start: 1425, end: 1440 });
  });

  it('moves a block within the day, clamped at midnight on both sides', () => {
    const b = block('b', '09:00', '12:00');
    expect(moveBlock(b, 62)).toMatchObject({ start: '10:00', end: '13:00' });
    expect(moveBlock(b, -1000)).toMatchObject({ start: '00:00', end: '03:00' });
    expect(moveBlock(b, 1000)).toMatchObject({ start: '21:00', end: '24:00' });
  });

  it('keeps a block crossing midnight crossing it when moved', () => {
    const b = block('b', '22:00', '02:00');
    expect(moveBlock(b, 60)).toMatchObject({ start: '23:00', end: '03:00' });
    expect(moveBlock(b, -600)).toMatchObject({ start: '20:15', end: '00:15' });
  });

  it('resizes either edge, never shorter than the snap, an end past midnight crossing into the next morning', () => {
    const b = block('b', '09:00', '12:00');
    expect(resizeBlock(b, 'start', 480)).toMatchObject({ start: '08:00', end: '12:00' });
    expect(resizeBlock(b, 'start', 800)).toMatchObject({ start: '11:45', end: '12:00' });
    expect(resizeBlock(b, 'end', 2000)).toMatchObject({ start: '09:00', end: '24:00' });
    expect(resizeBlock(b, 'end', 0)).toMatchObject({ start: '09:00', end: '09:15' });
    const night = block('n', '22:00', '02:00');
    expect(resizeBlock(night, 'end', 1440 + 240)).toMatchObject({ start: '22:00', end: '04:00' });
    expect(resizeBlock(night, 'end', 1440)).toMatchObject({ start: '22:00', end: '24:00' });
  });

  it('shows the morning part of yesterday’s late block and finds conflicts and gaps on a row', () => {
    const mon = [block('late', '22:00', '02:00', 'a')];
    const tue = [block('morning', '01:00', '06:00', 'b'), block('noon', '12:00', '13:00', 'c')];
    const segs = daySegments({ key: 'tue', blocks: tue }, { key: 'mon', blocks: mon });
    expect(segs.map((s) => [s.block.id, s.from, s.to, s.continued])).toEqual([
      ['late', 0, 120, true],
      ['morning', 60, 360, false],
      ['noon', 720, 780, false],
    ]);
    expect(dayConflicts(segs)).toEqual([{ start: 60, end: 120, blockIds: ['late', 'morning'] }]);
    expect(dayGaps(segs)).toEqual([
      { start: 360, end: 720 },
      { start: 780, end: 1440 },
    ]);
    const allDay = daySegments({ key: 'wed', blocks: [block('all', '00:00', '24:00')] }, null);
    expect(dayGaps(allDay)).toEqual([]);
    expect(dayGaps([])).toEqual([{ start: 0, end: 1440 }]);
  });

  it('copies a day to other days with fresh ids, replacing what they had', () => {
    const plan = allDayPlan({ id: 'p', name: 'P', timeZone: 'Asia/Shanghai', playlistId: 'a' });
    const edited: Plan = { ...plan, days: { ...plan.days, mon: [block('m1', '08:00', '12:00', 'x'), block('m2', '20:00', '02:00', 'y')] } };
    const copied = copyDay(edited, 'mon', ['tue', 'sat', 'mon']);
    expect(copied.days.mon).toEqual(edited.days.mon);
    for (const d of ['tue', 'sat'] as const) {
      expect(copied.days[d].map((b) => [b.start, b.end, b.playlistId])).toEqual([
        ['08:00', '12:00', 'x'],
        ['20:00', '02:00', 'y'],
      ]);
    }
    expect(copied.days.wed).toEqual(plan.days.wed);
    const ids = Object.values(copied.days).flat().map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(PlanSchema.safeParse(copied).success).toBe(true);
    // The copy plays the same thing on Saturday 10:00 as Monday 10:00.
    const sat10 = Date.UTC(2026, 10, 21, 2, 0); // Sat 21 Nov 2026, 10:00 in Shanghai
    expect(blockAt(copied, sat10)?.block.playlistId).toBe('x');
  });

  it('makes block ids that are not taken', () => {
    const plan = allDayPlan({ id: 'p', name: 'P', timeZone: 'UTC', playlistId: 'a' });
    const taken = planBlockIds(plan);
    expect(taken.size).toBe(7);
    const a = newBlockId(taken);
    const b = newBlockId(taken);
    expect(a).not.toBe(b);
    expect(taken.has(a) && taken.has(b)).toBe(true);
  });
});

describe('timeline edits: properties', () => {
  const quarter = fc.integer({ min: 0, max: DAY_MINUTES / SNAP_MINUTES });
  /** A block on the quarter-hour grid, at least a quarter hour long, possibly crossing midnight. */
  const anyBlock = fc
    .tuple(fc.integer({ min: 0, max: DAY_MINUTES / SNAP_MINUTES - 1 }), fc.integer({ min: 1, max: DAY_MINUTES / SNAP_MINUTES }))
    .map(([s, len]) => {
      const start = s * SNAP_MINUTES;
      const end = start + len * SNAP_MINUTES;
      return block('b', formatClock(start), formatClock(end > DAY_MINUTES ? end - DAY_MINUTES : end));
    });
  const check = (before: PlanBlock, after: PlanBlock): void => {
    expect(PlanBlockSchema.safeParse(after).success).toBe(true);
    const a = blockSpan(after);
    expect(a.start).toBeGreaterThanOrEqual(0);
    expect(a.start).toBeLessThan(DAY_MINUTES);
    expect(a.end - a.start).toBeGreaterThanOrEqual(SNAP_MINUTES);
    expect(a.end - a.start).toBeLessThanOrEqual(DAY_MINUTES);
    // A block within the day stays within 00:00–24:00.
    if (blockSpan(before).end <= DAY_MINUTES) expect(a.end).toBeLessThanOrEqual(DAY_MINUTES);
  };

  it('moving never leaves the day, never changes the length, and keeps a crossing block crossing', () => {
    fc.assert(
      fc.property(anyBlock, fc.integer({ min: -3000, max: 3000 }), (b, delta) => {
        const moved = moveBlock(b, delta);
        check(b, moved);
        const before = blockSpan(b);
        const after = blockSpan(moved);
        expect(after.end - after.start).toBe(before.end - before.start);
        expect(after.end > DAY_MINUTES).toBe(before.end > DAY_MINUTES);
      }),
      { numRuns: 2000 },
    );
  });

  it('resizing never leaves the day or makes a block shorter than the snap', () => {
    fc.assert(
      fc.property(anyBlock, fc.constantFrom('start' as const, 'end' as const), fc.integer({ min: -500, max: 3500 }), (b, edge, minute) => {
        const resized = resizeBlock(b, edge, minute);
        check(b, resized);
      }),
      { numRuns: 2000 },
    );
  });

  it('a drag always draws a valid block within the day', () => {
    fc.assert(
      fc.property(quarter, fc.integer({ min: -100, max: 1600 }), fc.integer({ min: -100, max: 1600 }), (_q, a, b) => {
        const s = dragSpan(a, b);
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeLessThanOrEqual(DAY_MINUTES);
        expect(s.end - s.start).toBeGreaterThanOrEqual(SNAP_MINUTES);
      }),
    );
  });

  it('gaps and segments together cover the day exactly once when nothing overlaps', () => {
    fc.assert(
      fc.property(fc.uniqueArray(quarter, { minLength: 0, maxLength: 12 }), (cuts) => {
        const sorted = [...cuts].sort((x, y) => x - y).map((q) => q * SNAP_MINUTES);
        // Alternate cut points as blocks: [c0,c1), [c2,c3) …
        const blocks: PlanBlock[] = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) {
          if (sorted[i + 1]! > sorted[i]!) blocks.push(block(`b${i}`, formatClock(sorted[i]!), formatClock(sorted[i + 1]!)));
        }
        const segs = daySegments({ key: 'mon', blocks }, null);
        expect(dayConflicts(segs)).toEqual([]);
        const covered = segs.reduce((n, s) => n + s.to - s.from, 0) + dayGaps(segs).reduce((n, g) => n + g.end - g.start, 0);
        expect(covered).toBe(DAY_MINUTES);
      }),
    );
  });
});
