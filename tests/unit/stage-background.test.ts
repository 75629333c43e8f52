import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import {
  backgroundKey,
  CHROMA,
  clearColourOf,
  coverUv,
  createPictureBackground,
  LIGHT_RIGS,
  resolveBackground,
  type MediaLoaders,
  type MediaSource,
} from '../../renderer/stage/background';
import { shouldDraw } from '../../renderer/stage/drawing';
import { readStageParams } from '../../renderer/stage/params';
import { LightPresetSchema, StageSettingsSchema } from '../../shared/stage-settings';

const fileUrl = (id: string): string => `/media/${id}`;

describe('stage background: what is drawn behind the host', () => {
  it('follows the settings, with the ?bg= URL override winning', () => {
    expect(resolveBackground(null, { kind: 'color', color: '#112233' }, fileUrl)).toEqual({ kind: 'color', color: '#112233' });
    expect(resolveBackground(null, { kind: 'chroma', color: 'blue' }, fileUrl)).toEqual({ kind: 'chroma', color: CHROMA.blue });
    expect(resolveBackground(null, { kind: 'image', mediaId: 'pic-1' }, fileUrl)).toEqual({ kind: 'image', url: '/media/pic-1' });
    expect(resolveBackground(null, { kind: 'video', mediaId: 'loop-1' }, fileUrl)).toEqual({ kind: 'video', url: '/media/loop-1' });
    expect(resolveBackground(null, { kind: 'transparent' }, fileUrl)).toEqual({ kind: 'transparent' });
    // The URL pins it whatever the settings say.
    expect(resolveBackground('green', { kind: 'image', mediaId: 'pic-1' }, fileUrl)).toEqual({ kind: 'chroma', color: CHROMA.green });
    expect(resolveBackground('transparent', { kind: 'studio' }, fileUrl)).toEqual({ kind: 'transparent' });
    expect(resolveBackground('studio', { kind: 'color', color: '#112233' }, fileUrl)).toEqual({ kind: 'studio' });
  });

  it('shows the studio set for a picture background when files cannot be served', () => {
    expect(resolveBackground(null, { kind: 'video', mediaId: 'loop-1' }, null)).toEqual({ kind: 'studio' });
  });

  it('clears to alpha 0 only for a transparent background (OBS keys on alpha)', () => {
    expect(clearColourOf({ kind: 'transparent' }).alpha).toBe(0);
    expect(clearColourOf({ kind: 'chroma', color: CHROMA.green })).toEqual({ color: CHROMA.green, alpha: 1 });
    expect(clearColourOf({ kind: 'color', color: '#abcdef' })).toEqual({ color: '#abcdef', alpha: 1 });
    expect(clearColourOf({ kind: 'studio' }).alpha).toBe(1);
  });

  it('keys differ exactly when the picture differs', () => {
    expect(backgroundKey({ kind: 'image', url: '/a' })).not.toBe(backgroundKey({ kind: 'image', url: '/b' }));
    expect(backgroundKey({ kind: 'image', url: '/a' })).not.toBe(backgroundKey({ kind: 'video', url: '/a' }));
    expect(backgroundKey({ kind: 'color', color: '#000000' })).toBe(backgroundKey({ kind: 'color', color: '#000000' }));
  });

  it('crops a picture to cover the frame, centred', () => {
    const out = new THREE.Vector4();
    // 16:9 video in a 9:16 portrait frame: a centred vertical slice of the width.
    coverUv(9 / 16, 16 / 9, out);
    expect(out.x).toBeCloseTo((9 / 16) / (16 / 9));
    expect(out.y).toBe(1);
    expect(out.z).toBeCloseTo((1 - out.x) / 2);
    expect(out.w).toBe(0);
    // Portrait picture in a landscape frame: a centred horizontal band.
    coverUv(16 / 9, 3 / 4, out);
    expect(out.x).toBe(1);
    expect(out.y).toBeCloseTo((3 / 4) / (16 / 9));
    expect(out.w).toBeCloseTo((1 - out.y) / 2);
    // Unknown size (not loaded yet): the whole picture.
    expect(coverUv(1, 0, out).toArray()).toEqual([1, 1, 0, 0]);
  });

  it('every light preset has all its lights, and the presets differ', () => {
    const rigs = LightPresetSchema.options.map((p) => LIGHT_RIGS[p]);
    for (const rig of rigs) for (const l of [rig.key, rig.fill, rig.rim, rig.rim2]) expect(l.intensity).toBeGreaterThan(0);
    expect(new Set(rigs.map((r) => JSON.stringify(r))).size).toBe(rigs.length);
  });
});

/** Counts GPU-side objects (geometries, materials, textures) created and not yet disposed. */
class Tracker {
  live = new Set<object>();
  track<T extends THREE.EventDispatcher<{ dispose: object }>>(o: T): T {
    this.live.add(o);
    o.addEventListener('dispose', () => this.live.delete(o));
    return o;
  }
}

function fakeLoaders(tracker: Tracker, stopped: string[]): MediaLoaders {
  const make = (url: string, onReady: () => void): MediaSource => {
    const texture = tracker.track(new THREE.Texture());
    queueMicrotask(onReady);
    return { texture, aspect: () => 16 / 9, dispose: () => (texture.dispose(), stopped.push(url)) };
  };
  return { image: make, video: make };
}

describe('stage background: nothing leaks when it changes', () => {
  it('disposes the quad geometry, its material, the texture and stops the video', () => {
    const tracker = new Tracker();
    const stopped: string[] = [];
    const bg = createPictureBackground({ kind: 'video', url: '/media/loop' }, fakeLoaders(tracker, stopped), { onReady: () => {}, onError: () => {} });
    tracker.track(bg.mesh.geometry);
    tracker.track(bg.mesh.material as THREE.Material);
    const scene = new THREE.Scene();
    scene.add(bg.mesh);
    expect(tracker.live.size).toBe(3);
    bg.dispose();
    expect(tracker.live.size).toBe(0);
    expect(stopped).toEqual(['/media/loop']);
    expect(scene.children).toHaveLength(0);
    // A second dispose (React strict mode, unmount after change) is harmless.
    bg.dispose();
    expect(stopped).toHaveLength(1);
  });

  it('switching backgrounds a hundred times leaves only the current one alive', () => {
    const tracker = new Tracker();
    const stopped: string[] = [];
    const loaders = fakeLoaders(tracker, stopped);
    let current = null as ReturnType<typeof createPictureBackground> | null;
    for (let i = 0; i < 100; i++) {
      current?.dispose();
      current = createPictureBackground({ kind: i % 2 ? 'image' : 'video', url: `/media/${i}` }, loaders, { onReady: () => {}, onError: () => {} });
      tracker.track(current.mesh.geometry);
      tracker.track(current.mesh.material as THREE.Material);
    }
    expect(tracker.live.size).toBe(3);
    expect(stopped).toHaveLength(99);
  });
});

describe('stage drawing pauses when hidden, never when captured', () => {
  it('draws while visible; stops while hidden unless captured', () => {
    expect(shouldDraw('visible', false)).toBe(true);
    expect(shouldDraw('hidden', false)).toBe(false);
    expect(shouldDraw('hidden', true)).toBe(true);
  });

  it('reads ?capture=1 and the background override from the URL', () => {
    expect(readStageParams('?capture=1').capture).toBe(true);
    expect(readStageParams('').capture).toBe(false);
    expect(readStageParams('').background).toBeNull();
    expect(readStageParams('?bg=blue').background).toBe('blue');
    expect(readStageParams('?bg=nonsense').background).toBeNull();
  });
});

describe('stage settings stay readable across versions', () => {
  it('a value saved before drawWhenHidden existed still parses, with it off', () => {
    const old = { avatarId: null, background: { kind: 'color', color: '#102030' }, light: 'warm', ticker: { enabled: true, text: 'Sale' }, logoMediaId: null, qrMediaId: null };
    const parsed = StageSettingsSchema.parse(old);
    expect(parsed.drawWhenHidden).toBe(false);
    expect(parsed.background).toEqual({ kind: 'color', color: '#102030' });
  });
});
