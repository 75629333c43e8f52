import type { PlayoutClock } from './playout';

interface Timer {
  at: number;
  id: number;
  fn: () => void;
  cancelled: boolean;
}

/** A simulated clock: time moves only when the driver says; timers fire in time order (a binary heap). */
export function createSimClock(start: number) {
  let now = start;
  let nextId = 0;
  const heap: Timer[] = [];
  const less = (a: Timer, b: Timer): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);
  const push = (t: Timer): void => {
    heap.push(t);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = (): Timer | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  const clock: PlayoutClock = {
    now: () => now,
    setTimer(fn, ms) {
      const t: Timer = { at: now + Math.max(0, Math.ceil(ms)), id: nextId++, fn, cancelled: false };
      push(t);
      return () => {
        t.cancelled = true;
      };
    },
  };
  return {
    clock,
    /** Fires the earliest timer due at or before `limit` (moving time to it); false when there is none. */
    step(limit: number): boolean {
      for (;;) {
        const top = heap[0];
        if (!top || top.at > limit) return false;
        pop();
        if (top.cancelled) continue;
        now = Math.max(now, top.at);
        top.fn();
        return true;
      }
    },
    /** Moves time without firing anything (a clock jump: sleep/wake, NTP). */
    jump(ms: number): void {
      now += ms;
    },
    set(to: number): void {
      now = to;
    },
  };
}
