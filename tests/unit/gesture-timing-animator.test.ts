import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { AvatarAnimator, type FrameInput } from '../../renderer/stage/avatar/animator';
import { GESTURES } from '../../renderer/stage/avatar/gestures';
import { parseAvatar } from '../../renderer/stage/avatar/load-avatar';
import { cueTimesMs } from '../../shared/cue-timing';
import { resolveScript, seededRandom } from '../../shared/templating';
import type { TimingTrack } from '../../shared/timing';
import { morphHeadGlb, OCULUS_NAMES } from '../support/glb';

async function animator(): Promise<AvatarAnimator> {
  const glb = morphHeadGlb(OCULUS_NAMES);
  const rig = await parseAvatar(glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength) as ArrayBuffer, { eyeY: 1.55 });
  return new AvatarAnimator(rig);
}

/** Runs frames at 30 fps over [fromS, toS) of the frame clock; the line started at `lineStartS`. Returns the gesture per frame. */
function run(a: AvatarAnimator, fromS: number, toS: number, lineStartS: number, track: TimingTrack): { t: number; g: string | null }[] {
  const out: { t: number; g: string | null }[] = [];
  const f: FrameInput = { dtMs: 1000 / 30, timeS: 0, lineTimeMs: null, lineDurationMs: track.durationMs, track, level: 0, camera: new THREE.Vector3(0, 1.5, 2) };
  for (let t = fromS; t < toS; t += 1 / 30) {
    f.timeS = t;
    const line = (t - lineStartS) * 1000;
    f.lineTimeMs = line >= 0 && line <= track.durationMs ? line : null;
    a.update(f);
    out.push({ t, g: a.currentGesture });
  }
  return out;
}

const firstAt = (frames: { t: number; g: string | null }[], name: string) => frames.find((x) => x.g === name)?.t ?? null;

describe('the animator starts gestures at the words of their cues', () => {
  it('points at "look here" and waves at "thank you", not at the start of the line', async () => {
    const line = resolveScript('Today this one, [point] look here, [wave] thank you all', {}, seededRandom(1)).lines[0]!;
    const words = line.text.split(' ').map((text, i) => ({ text, t: 100 + i * 500, d: 450 }));
    const track: TimingTrack = { source: 'engine', durationMs: 100 + words.length * 500, visemes: [], words };
    const times = cueTimesMs(line.text, line.cueAt!, track).map((ms) => ms / 1000);
    expect(times).toEqual([1.6, 2.6]); // "look" is the 4th word, "thank" the 6th
    const a = await animator();
    a.lineStarted(line.cues, null, undefined, times);
    const frames = run(a, 10, 10 + 8, 10, track);
    // Nothing in the first part of the line (the old rule pointed from 0.25 s).
    expect(frames.filter((x) => x.t < 10 + 1.55).every((x) => x.g === null)).toBe(true);
    expect(firstAt(frames, 'point')).toBeCloseTo(10 + 1.6, 1);
    // The wave's word comes while the point plays: it waits for the point's end (+0.3 s).
    expect(firstAt(frames, 'wave')).toBeCloseTo(10 + 1.6 + GESTURES.point.durationS + 0.3, 1);
  });

  it('keeps the old rule without times, and lets a gesture from the line before finish first', async () => {
    const track: TimingTrack = { source: 'engine', durationMs: 3000, visemes: [], words: [] };
    const a = await animator();
    a.lineStarted(['wave'], null);
    const first = run(a, 0, 1, 0, track);
    expect(firstAt(first, 'wave')).toBeCloseTo(0.25, 1);
    // A new line with a nod at its start comes mid-wave: the wave plays to its end, then the nod.
    a.lineStarted(['nod'], null, undefined, [0]);
    const second = run(a, 1, 5, 1, track);
    const waveEnd = 0.25 + GESTURES.wave.durationS;
    expect(second.filter((x) => x.t < waveEnd - 0.05).every((x) => x.g === 'wave')).toBe(true);
    expect(firstAt(second, 'nod')).toBeGreaterThanOrEqual(waveEnd + 0.3 - 0.04);
    expect(firstAt(second, 'nod')).toBeLessThan(waveEnd + 0.3 + 0.1);
  });
});
