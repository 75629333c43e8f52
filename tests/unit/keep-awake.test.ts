import { describe, expect, it } from 'vitest';
import { createKeepAwake, keepsMachineAwake, type PowerSaveBlockerLike } from '../../main/app/keep-awake';

/** Behaves like Electron's powerSaveBlocker: ids from a counter, started until stopped. */
function blocker() {
  let next = 0;
  const started = new Map<number, string>();
  const b: PowerSaveBlockerLike = {
    start(type) {
      started.set(next, type);
      return next++;
    },
    stop(id) {
      started.delete(id);
    },
    isStarted: (id) => started.has(id),
  };
  return { b, started };
}

describe('keep the machine awake while on air', () => {
  it('blocks app suspension from going on air until off air, once, and opens the stage once', () => {
    const { b, started } = blocker();
    const k = createKeepAwake(b);
    expect(k.update({ status: 'off-air' })).toBeNull();
    expect(started.size).toBe(0);
    expect(k.update({ status: 'starting' })).toBe('on-air');
    expect([...started.values()]).toEqual(['prevent-app-suspension']);
    expect(k.update({ status: 'on-air' })).toBeNull(); // still one blocker
    expect(k.update({ status: 'on-air' })).toBeNull();
    expect(started.size).toBe(1);
    expect(k.update({ status: 'stopping' })).toBeNull(); // still on air while the last line stops
    expect(k.isBlocking()).toBe(true);
    expect(k.update({ status: 'off-air' })).toBe('off-air');
    expect(started.size).toBe(0);
    expect(k.isBlocking()).toBe(false);
  });

  it('re-arms a blocker stopped behind its back, and releases everything when the app quits', () => {
    const { b, started } = blocker();
    const k = createKeepAwake(b);
    k.update({ status: 'on-air' });
    for (const id of [...started.keys()]) b.stop(id);
    expect(k.update({ status: 'on-air' })).toBeNull();
    expect(started.size).toBe(1);
    k.release();
    expect(started.size).toBe(0);
    expect(k.isLive()).toBe(false);
    expect(k.update({ status: 'on-air' })).toBe('on-air'); // after a release, on air again is a change
  });

  it('counts every status but off air as on air for the machine', () => {
    expect(['off-air', 'starting', 'on-air', 'stopping'].filter((s) => keepsMachineAwake(s as 'off-air'))).toEqual(['starting', 'on-air', 'stopping']);
  });
});
