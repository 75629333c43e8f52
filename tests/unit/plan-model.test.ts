import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LibrarySnapshot, Plan, PlanBlock, Weekday } from '../../shared/domain';
import { blockAt, clockMinutes, dayPlanFor, localDateTime, localDateTimeIntl, nextChange, planOverlaps, slotKey, zonedEpoch } from '../../shared/plan';
import { checkPlan } from '../../shared/plan-check';

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York'] as const;
const HOUR = 3_600_000;

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const block = (id: string, start: string, end: string, playlistId = 'p', startMode: 'soft' | 'hard' = 'soft'): PlanBlock => ({ id, start, end, playlistId, startMode });
const emptyDays = (): Plan['days'] => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });

/** Random blocks on a 15-minute grid; some cross midnight, some overlap. */
const blockArb = (prefix: string) =>
  fc
    .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 96 }), fc.constantFrom<'soft' | 'hard'>('soft', 'hard'))
    .map(([s, len, mode]) => ({ s: s * 15, e: ((s + len) * 15) % 1440, mode }))
    .map(({ s, e, mode }) => ({ prefix, s, e, mode }));

const planArb = (zone: string) =>
  fc
    .array(fc.tuple(fc.constantFrom(...DAYS), blockArb('b')), { maxLength: 14 })
    .map((entries): Plan => {
      const days = emptyDays();
      entries.forEach(([day, b], i) => days[day].push(block(`${day}-${i}`, hhmm(b.s), b.e === 0 ? '24:00' : hhmm(b.e), 'p', b.mode)));
      return { id: 'plan', name: 'plan', timeZone: zone, days };
    });

/** Independent check: which blocks of a plan cover a local (date, minute), with how long ago they started. */
function covering(plan: Plan, t: number): Array<{ id: string; ago: number }> {
  const l = localDateTime(t, plan.timeZone);
  const yesterday = new Date(Date.parse(`${l.date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const out: Array<{ id: string; ago: number }> = [];
  for (const b of dayPlanFor(plan, yesterday).blocks) {
    const s = clockMinutes(b.start);
    const e = clockMinutes(b.end);
    if (e <= s && l.minuteOfDay < e) out.push({ id: b.id, ago: l.minuteOfDay + 1440 - s });
  }
  for (const b of dayPlanFor(plan, l.date).blocks) {
    const s = clockMinutes(b.start);
    const e = clockMinutes(b.end);
    if (l.minuteOfDay >= s && (e <= s || l.minuteOfDay < e)) out.push({ id: b.id, ago: l.minuteOfDay - s });
  }
  return out;
}

const week = (zone: string) => fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((t) => ({ t, zone }));

describe('plan model: every instant maps to exactly one block or off air', () => {
  for (const zone of ZONES) {
    it(`in ${zone}: the block on air covers the instant and started latest; off air only where nothing covers`, () => {
      fc.assert(
        fc.property(planArb(zone), week(zone), (plan, { t }) => {
          const at = blockAt(plan, t);
          const cover = covering(plan, t);
          if (cover.length === 0) return at === null;
          if (!at) return false;
          const latest = Math.min(...cover.map((c) => c.ago));
          return cover.some((c) => c.id === at.block.id && c.ago === latest) && blockAt(plan, t)?.block.id === at.block.id;
        }),
        { numRuns: 400 },
      );
    });

    it(`in ${zone}: nothing changes between an instant and the plan's next change`, () => {
      fc.assert(
        fc.property(planArb(zone), week(zone), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }), (plan, { t }, fractions) => {
          const next = nextChange(plan, t);
          expect(next).toBeGreaterThan(t);
          const key = slotKey(blockAt(plan, t));
          for (const f of fractions) {
            const s = t + Math.floor(f * (next - t - 1));
            if (slotKey(blockAt(plan, s)) !== key) return false;
          }
          return true;
        }),
        { numRuns: 150 },
      );
    });
  }

  /** Minutes of real time each block is on air during one local date (sampled every minute). */
  function airtime(plan: Plan, date: string): Map<string, number> {
    const from = zonedEpoch(date, 0, plan.timeZone);
    const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const to = zonedEpoch(next, 0, plan.timeZone);
    const out = new Map<string, number>();
    for (let t = from; t < to; t += 60_000) {
      const id = blockAt(plan, t)?.block.id ?? 'off';
      out.set(id, (out.get(id) ?? 0) + 1);
    }
    return out;
  }
  const hourly = (zone: string): Plan => {
    const blocks = Array.from({ length: 24 }, (_, h) => block(`h${h}`, hhmm(h * 60), h === 23 ? '24:00' : hhmm((h + 1) * 60)));
    return { id: 'x', name: 'x', timeZone: zone, days: { mon: blocks, tue: blocks, wed: blocks, thu: blocks, fri: blocks, sat: blocks, sun: blocks } };
  };

  it('Asia/Shanghai has no DST: every day is 24 blocks of 60 minutes', () => {
    for (const date of ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01']) {
      const a = airtime(hourly('Asia/Shanghai'), date);
      expect([...a.values()]).toEqual(Array(24).fill(60));
    }
  });

  it('Europe/Berlin: spring forward skips the 02:00 block; fall back airs it twice as long', () => {
    const spring = airtime(hourly('Europe/Berlin'), '2026-03-29');
    expect(spring.get('h2')).toBeUndefined();
    expect([...spring.values()].reduce((a, b) => a + b)).toBe(23 * 60);
    const fall = airtime(hourly('Europe/Berlin'), '2026-10-25');
    expect(fall.get('h2')).toBe(120);
    expect([...fall.values()].reduce((a, b) => a + b)).toBe(25 * 60);
    // The hard start of the 03:00 block on the spring day is the instant the clock jumps.
    const p = hourly('Europe/Berlin');
    const t = zonedEpoch('2026-03-29', 60 + 30, 'Europe/Berlin'); // 01:30 CET
    expect(new Date(nextChange(p, t)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('America/New_York: 2026-03-08 has 23 hours and 2026-11-01 has 25, each instant in exactly one block', () => {
    const spring = airtime(hourly('America/New_York'), '2026-03-08');
    expect(spring.get('h2')).toBeUndefined();
    expect([...spring.values()].reduce((a, b) => a + b)).toBe(23 * 60);
    const fall = airtime(hourly('America/New_York'), '2026-11-01');
    expect(fall.get('h1')).toBe(120);
    expect(fall.has('off')).toBe(false);
  });

  it('a night block crossing midnight over a DST change airs its real length (Berlin, 22:00–04:00)', () => {
    const plan: Plan = { id: 'x', name: 'x', timeZone: 'Europe/Berlin', days: { ...emptyDays(), sat: [block('night', '22:00', '04:00')] } };
    const from = zonedEpoch('2026-03-28', 22 * 60, 'Europe/Berlin');
    let end = nextChange(plan, from + 1000);
    while (blockAt(plan, end)?.block.id === 'night') end = nextChange(plan, end); // wake-ups that change nothing are allowed
    expect((end - from) / HOUR).toBe(5); // 6 wall hours, one of them skipped
    expect(blockAt(plan, end - 1)?.block.id).toBe('night');
    expect(blockAt(plan, end)).toBeNull();
  });
});

describe('local time', () => {
  it('the cached zone arithmetic agrees with Intl at every instant (DST zones, half-hour zones, half-hour DST)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns'),
        (t, zone) => {
          const a = localDateTime(t, zone);
          const b = localDateTimeIntl(t, zone);
          return a.date === b.date && a.weekday === b.weekday && Math.abs(a.minuteOfDay - b.minuteOfDay) < 1e-6;
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('plan model: overrides, gaps, overlaps', () => {
  const base: Plan = {
    id: 'main',
    name: 'main',
    timeZone: 'Asia/Shanghai',
    days: { ...emptyDays(), tue: [block('tue-night', '20:00', '02:00', 'night')], wed: [block('wed-day', '08:00', '20:00', 'day', 'hard')] },
    overrides: [{ date: '2026-11-11', name: '11-11', blocks: [block('promo', '00:00', '24:00', 'promo', 'hard')] }],
    gap: { mode: 'idle', playlistId: 'idle' },
  };
  const sh = (date: string, hh: number, mm = 0): number => zonedEpoch(date, hh * 60 + mm, 'Asia/Shanghai');

  it('a dated override replaces the weekday plan for its date (11-11 all day) and wins from midnight', () => {
    expect(blockAt(base, sh('2026-11-11', 12))?.block.id).toBe('promo'); // a Wednesday
    expect(blockAt(base, sh('2026-11-11', 0, 30))?.block.id).toBe('promo'); // over Tuesday's night block
    expect(blockAt(base, sh('2026-11-18', 12))?.block.id).toBe('wed-day'); // the next Wednesday is normal
    expect(blockAt(base, sh('2026-11-18', 1))?.block.id).toBe('tue-night');
    expect(blockAt(base, sh('2026-11-18', 3))).toBeNull(); // the gap (idle playlist)
    expect(nextChange(base, sh('2026-11-10', 23))).toBe(sh('2026-11-11', 0));
  });

  it('reports overlapping blocks with where and which one airs, deterministically', () => {
    const plan: Plan = { ...base, days: { ...emptyDays(), mon: [block('a', '08:00', '12:00'), block('b', '11:00', '13:00'), block('c', '23:00', '01:00'), block('d', '00:30', '02:00')] } };
    expect(planOverlaps(plan)).toEqual([{ where: 'mon', blocks: ['a', 'b'], winner: 'b', range: '11:00–12:00' }]);
    const mon = sh('2026-11-16', 11, 30);
    expect(blockAt(plan, mon)?.block.id).toBe('b');
    // Crossing-midnight overlap with the next day's block: the later start airs.
    const tue: Plan = { ...plan, days: { ...plan.days, tue: [block('e', '00:00', '00:45')] } };
    expect(blockAt(tue, sh('2026-11-17', 0, 20))?.block.id).toBe('e');
    expect(blockAt(tue, sh('2026-11-17', 0, 50))?.block.id).toBe('c');
  });

  it('checks a plan against the library: deleted playlist, empty playlist, missing product field, overlap — with what and where', () => {
    const library: Pick<LibrarySnapshot, 'playlists' | 'scripts' | 'products'> = {
      products: [{ id: 'pan', name: 'Pan', price: 99, originalPrice: null, currency: 'CNY', sellingPoints: [], stock: null, link: null, image: null, tags: [] }],
      scripts: [
        { id: 's1', title: 's1', kind: 'sales', productId: 'pan', body: 'Only {{price}} today. Was {{originalPrice}}.', tags: [] },
        { id: 's2', title: 's2', kind: 'idle', productId: null, body: 'Hello there.', tags: ['idle'] },
      ],
      playlists: [
        { id: 'day', name: 'day', items: [{ type: 'script', scriptId: 's1' }, { type: 'tag', tag: 'idle' }], loop: true, shuffle: false },
        { id: 'night', name: 'night', items: [], loop: true, shuffle: false },
        { id: 'idle', name: 'idle', items: [{ type: 'script', scriptId: 's2' }], loop: true, shuffle: false },
      ],
    };
    const plan: Plan = { ...base, days: { ...base.days, mon: [block('x', '08:00', '12:00', 'day'), block('y', '10:00', '11:00', 'day')] } };
    const problems = checkPlan(plan, library);
    const codes = problems.map((p) => `${p.code} @ ${p.where}`);
    expect(codes).toContain('overlap @ plan main › mon › 10:00–11:00');
    expect(codes).toContain('empty-playlist @ plan main › tue › block tue-night › playlist night');
    expect(codes).toContain('missing-playlist @ plan main › 2026-11-11 › block promo');
    expect(codes).toContain('missing-variable @ plan main › mon › block x › playlist day › item 1 › script s1');
    expect(problems.find((p) => p.code === 'missing-variable')?.detail).toMatch(/originalPrice.*pan/);
  });
});
