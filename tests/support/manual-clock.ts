import type { PlayoutClock } from '../../main/playout/playout';

/** A clock the test moves by hand; timers fire in time order as it passes them. */
export function manualClock(start = Date.UTC(2026, 10, 22, 2, 0, 0)) {
  let now = start;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  const clock: PlayoutClock = {
    now: () => now,
    setTimer(fn, ms) {
      const id = nextId++;
      timers.push({ at: now + Math.max(0, ms), fn, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
  };
  return {
    clock,
    advance(ms: number): void {
      const target = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const due = timers[0];
        if (!due || due.at > target) break;
        timers.shift();
        now = due.at;
        due.fn();
      }
      now = target;
    },
    pending: () => timers.length,
  };
}
