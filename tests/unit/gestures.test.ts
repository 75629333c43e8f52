import { describe, expect, it } from 'vitest';
import { GESTURES, gestureAt, gestureEnvelope, gesturePose, gestureStarts, idleMotion, readCues, restGesturePose, restIdlePose } from '../../renderer/stage/avatar/gestures';

describe('gestures on script cues', () => {
  it('reads gestures and the emotion from a line’s cues, ignoring the others', () => {
    expect(readCues(['card:on', 'wave', ' NOD ', 'excited', 'pause 800'])).toEqual({ gestures: ['wave', 'nod'], emotion: 'excited' });
    expect(readCues([])).toEqual({ gestures: [], emotion: null });
    expect(readCues(['happy']).emotion).toBe('smile');
  });

  it('an envelope rises smoothly, holds, and is back at rest exactly at the end', () => {
    for (const name of ['wave', 'point', 'nod', 'show'] as const) {
      const g = GESTURES[name];
      expect(gestureEnvelope(name, 0)).toBe(0);
      expect(gestureEnvelope(name, g.attackS / 2)).toBeCloseTo(0.5, 5);
      expect(gestureEnvelope(name, g.attackS)).toBe(1);
      expect(gestureEnvelope(name, g.durationS - g.releaseS)).toBe(1);
      expect(gestureEnvelope(name, g.durationS)).toBe(0);
      expect(gestureEnvelope(name, g.durationS + 5)).toBe(0);
      // No jumps: frame-to-frame change at 60 fps stays small.
      let prev = 0;
      for (let t = 0; t <= g.durationS + 0.1; t += 1 / 60) {
        const e = gestureEnvelope(name, t);
        expect(Math.abs(e - prev)).toBeLessThan(0.25);
        prev = e;
      }
    }
  });

  it('a wave raises the right arm and swings the hand; the pose is rest outside the gesture', () => {
    const pose = restGesturePose();
    const swings: number[] = [];
    for (let t = 0.6; t < 1.6; t += 0.05) swings.push(gesturePose('wave', t, pose).rightSwing);
    expect(gesturePose('wave', 1, pose).rightArmForward).toBeGreaterThan(0.8);
    expect(gesturePose('wave', 1, pose).rightElbow).toBeGreaterThan(1);
    expect(Math.max(...swings) - Math.min(...swings)).toBeGreaterThan(0.4);
    expect(gesturePose('wave', GESTURES.wave.durationS + 0.01, pose)).toEqual(restGesturePose());
    expect(gesturePose(null, 1, pose)).toEqual(restGesturePose());
    expect(gesturePose('nod', 0.13, pose).headPitch).toBeGreaterThan(0.1);
    expect(gesturePose('show', 1.2, pose).leftArmForward).toBeGreaterThan(0.5);
  });

  it('plays a line’s gestures one after another on the line clock', () => {
    const list = ['nod', 'wave'] as const;
    expect(gestureAt(list, 0.1).name).toBeNull();
    expect(gestureAt(list, 0.5)).toMatchObject({ name: 'nod' });
    const waveStart = 0.25 + GESTURES.nod.durationS + 0.3;
    expect(gestureAt(list, waveStart + 0.5)).toEqual({ name: 'wave', elapsedS: expect.closeTo(0.5, 6) as number });
    expect(gestureAt(list, waveStart + GESTURES.wave.durationS + 0.01).name).toBeNull();
    expect(gestureAt(['nod'], 0.05, 0)).toEqual({ name: 'nod', elapsedS: expect.closeTo(0.05, 6) as number });
  });

  it('starts each gesture at its own time on the line clock (the word where its cue was written)', () => {
    const list = ['point', 'wave'] as const;
    const times = [1.5, 4.0];
    // Nothing before the point's word, though the old rule would already be pointing.
    expect(gestureAt(list, 0.5, times).name).toBeNull();
    expect(gestureAt(list, 1.4, times).name).toBeNull();
    expect(gestureAt(list, 1.6, times)).toEqual({ name: 'point', elapsedS: expect.closeTo(0.1, 6) as number });
    // Rest between the point's end and the wave's word.
    expect(gestureAt(list, 1.5 + GESTURES.point.durationS + 0.1, times).name).toBeNull();
    expect(gestureAt(list, 3.9, times).name).toBeNull();
    expect(gestureAt(list, 4.2, times)).toEqual({ name: 'wave', elapsedS: expect.closeTo(0.2, 6) as number });
    expect(gestureAt(list, 4.0 + GESTURES.wave.durationS + 0.01, times).name).toBeNull();
  });

  it('never plays two gestures at once: one whose time comes during another waits for it to end', () => {
    const list = ['wave', 'nod'] as const;
    const times = [0.5, 1.0];
    const nodStart = 0.5 + GESTURES.wave.durationS + 0.3;
    expect(gestureAt(list, 1.2, times)).toMatchObject({ name: 'wave' });
    expect(gestureAt(list, nodStart - 0.05, times).name).toBeNull();
    expect(gestureAt(list, nodStart + 0.1, times)).toEqual({ name: 'nod', elapsedS: expect.closeTo(0.1, 6) as number });
    // Every frame of a line shows at most one gesture, and each gesture plays whole.
    const seen = new Map<string, number>();
    for (let t = 0; t < 8; t += 0.01) {
      const at = gestureAt(list, t, times);
      if (at.name) seen.set(at.name, Math.max(seen.get(at.name) ?? 0, at.elapsedS));
    }
    expect(seen.get('wave')).toBeGreaterThan(GESTURES.wave.durationS - 0.02);
    expect(seen.get('nod')).toBeGreaterThan(GESTURES.nod.durationS - 0.02);
  });

  it('takes the times of a line’s gesture cues and drops the other cues’ times', () => {
    expect(gestureStarts(['card:on', 'wave', 'excited', ' Point '], [0, 1.2, 1.5, 3])).toEqual([1.2, 3]);
    expect(gestureStarts(['wave'], undefined)).toBeNull();
    // Times that do not match the cues are not used (the lead rule applies).
    expect(gestureStarts(['wave', 'nod'], [1])).toBeNull();
  });
});

describe('idle motion', () => {
  it('stays small and does not repeat within 10 minutes', () => {
    const rate = 10; // samples per second
    const n = 10 * 60 * rate;
    const yaw = new Float64Array(n);
    const roll = new Float64Array(n);
    const pose = restIdlePose();
    for (let i = 0; i < n; i++) {
      idleMotion(i / rate, pose);
      yaw[i] = pose.yaw;
      roll[i] = pose.roll;
      expect(Math.abs(pose.yaw)).toBeLessThan(0.12);
      expect(Math.abs(pose.pitch)).toBeLessThan(0.08);
    }
    // Compare a 30 s window at several starts with the same window shifted by every lag from 5 s to
    // the end of the 10 minutes: a loop would make some shifted window (nearly) identical.
    const win = 30 * rate;
    let closest = Infinity;
    for (const start of [0, 60 * rate, 150 * rate]) {
      for (let lag = 5 * rate; start + lag + win <= n; lag++) {
        let sum = 0;
        for (let k = 0; k < win; k += 2) {
          const dy = yaw[start + k]! - yaw[start + lag + k]!;
          const dr = roll[start + k]! - roll[start + lag + k]!;
          sum += dy * dy + dr * dr;
        }
        closest = Math.min(closest, Math.sqrt(sum / (win / 2)));
      }
    }
    // RMS difference of the closest match, against the motion's own size (~0.03 rad).
    console.log(`idle: closest 30 s match at lag ≥ 5 s: RMS ${closest.toFixed(4)} rad`);
    expect(closest).toBeGreaterThan(0.004);
  });

  it('moves more with an excited host than a neutral one', () => {
    const a = restIdlePose();
    const b = restIdlePose();
    let calm = 0;
    let lively = 0;
    for (let t = 0; t < 120; t += 0.5) {
      calm += Math.abs(idleMotion(t, a, 0.85).yaw);
      lively += Math.abs(idleMotion(t, b, 1.45).yaw);
    }
    expect(lively).toBeGreaterThan(calm * 1.5);
  });
});
