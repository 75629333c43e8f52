import { mkdirSync } from 'node:fs';
import type * as THREE from 'three';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageSnapshot } from '../../renderer/stage/runtime';
import { launchChromium, startHost, type RunningHost, uploadAvatar } from '../support/browser-mode';
import { connectHost, type HostClient } from '../support/host-client';
import { VRM_BONE_NODES, vrmAvatar, type VrmVersion } from '../support/vrm-fixtures';

/**
 * Real VRM 0.x and VRM 1.0 files (tests/support/vrm-fixtures.ts) imported as a merchant does and put
 * on the program stage in Chromium: @pixiv/three-vrm loads them, the mouth expressions move with the
 * speech, the eyes blink, a `[wave]` lifts the model's own arm and lowers it again; a VRM whose
 * expressions bind nothing is refused with its reason while the avatar on air stays.
 * Everything is read back from the model as drawn (raw bones, morph influences) through the stage's
 * test hook.
 */

const SHOTS = 'test-results';

const upload = uploadAvatar;

const snapshot = (stage: Page): Promise<StageSnapshot> => stage.evaluate(() => window.__stagehostStage!.snapshot());

/** One drawn frame of a VRM, read from the model itself. */
interface VrmFrame {
  speaking: boolean;
  lineId: string | null;
  gesture: string | null;
  avatarId: string | null;
  /** The snapshot's mouth openness (from the expressions' weights). */
  mouthOpen: number;
  /** The largest mouth morph influence on the face (Fcl_MTH_A/I/U/E/O). */
  mouthMorph: number;
  /** The face's eyes-closed morph influence. */
  blinkMorph: number;
  /** Height of the right hand above the right shoulder (m, world), from the raw bones. */
  handAboveShoulder: number;
  /** The right hand's world x (the stage faces the camera down -z; the model's right is -x). */
  handX: number;
}

/** Samples every drawn frame for `ms` (or until the hand is up in a wave, with `untilWave`). */
async function sampleVrm(stage: Page, ms: number, untilWave = false): Promise<VrmFrame[]> {
  return stage.evaluate(
    async ({ duration, hand, shoulder, untilWave }) => {
      const hook = window.__stagehostStage!;
      const out: VrmFrame[] = [];
      const end = performance.now() + duration;
      while (performance.now() < end) {
        const s = hook.snapshot();
        const root = hook.avatarRoot();
        // The face (three-vrm writes an expression to all its primitives alike: any one will do).
        let face: THREE.Mesh | null = null;
        root.traverse((o) => {
          if (!face && (o as THREE.Mesh).morphTargetDictionary?.['Fcl_MTH_A'] !== undefined) face = o as THREE.Mesh;
        });
        const mesh = face as THREE.Mesh | null;
        const influence = (name: string): number => {
          const i = mesh?.morphTargetDictionary?.[name];
          return i === undefined ? Number.NaN : (mesh!.morphTargetInfluences?.[i] ?? Number.NaN);
        };
        const handNode = root.getObjectByName(hand);
        const shoulderNode = root.getObjectByName(shoulder);
        out.push({
          speaking: s.speaking,
          lineId: s.lineId,
          gesture: s.gesture,
          avatarId: s.avatar.id,
          mouthOpen: s.mouthOpen,
          mouthMorph: Math.max(...['Fcl_MTH_A', 'Fcl_MTH_I', 'Fcl_MTH_U', 'Fcl_MTH_E', 'Fcl_MTH_O'].map(influence)),
          blinkMorph: influence('Fcl_EYE_Close'),
          handAboveShoulder: handNode && shoulderNode ? handNode.matrixWorld.elements[13]! - shoulderNode.matrixWorld.elements[13]! : Number.NaN,
          handX: handNode ? handNode.matrixWorld.elements[12]! : Number.NaN,
        });
        const last = out[out.length - 1]!;
        // (The wave swings the hand out to the edge of a close portrait frame and back in.)
        if (untilWave && last.gesture === 'wave' && last.handAboveShoulder > 0.05 && last.handX > -0.16) break;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      return out;
    },
    { duration: ms, hand: VRM_BONE_NODES.rightHand, shoulder: VRM_BONE_NODES.rightUpperArm, untilWave },
  );
}

describe('VRM avatars on the program stage', () => {
  let host: RunningHost;
  let browser: Browser;
  let studio: HostClient;
  let stage: Page;
  const ids: Partial<Record<VrmVersion | 'empty', string>> = {};
  /** Errors and warnings the stage page logged (a shader that does not compile, a three-vrm warning). */
  const pageProblems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    host = await startHost({ lang: 'en-US' });
    browser = await launchChromium();
    studio = await connectHost(host.studioUrl);
    for (const [key, name, bytes] of [
      ['0', 'host-vrm0.vrm', vrmAvatar('0')],
      ['1', 'host-vrm1.vrm', vrmAvatar('1')],
      ['empty', 'no-expressions.vrm', vrmAvatar('1', { expressions: 'empty' })],
    ] as const) {
      const up = await upload(host.studioUrl, name, bytes);
      expect(up.status, JSON.stringify(up.body)).toBe(200);
      ids[key] = up.body.item!.id;
    }
    stage = await browser.newPage({ viewport: { width: 540, height: 960 } });
    stage.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') pageProblems.push(m.text());
    });
    await stage.goto(host.stageUrl);
    // (expect.poll is for tests only.)
    const until = Date.now() + 20_000;
    while (((await snapshot(stage).catch(() => null))?.framesRendered ?? 0) <= 5) {
      if (Date.now() > until) throw new Error('the stage drew no frames within 20 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    await studio.call('playout.goLive', {});
  });
  afterAll(async () => {
    await studio?.call('playout.stop', {}).catch(() => undefined);
    await studio?.close();
    await browser?.close();
    await host?.stop();
  });

  for (const version of ['0', '1'] as const) {
    it(`a VRM ${version === '0' ? '0.x' : '1.0'}: on air, lip-sync on its mouth expressions, blinks, waves with its own arm`, { timeout: 60_000 }, async () => {
      const id = ids[version]!;
      await studio.call('avatar.select', { id });
      await expect.poll(async () => (await snapshot(stage)).avatar, { timeout: 20_000 }).toMatchObject({ id, kind: 'vrm', error: null, failedId: null });

      const t0 = Date.now();
      // A moment at rest first, then a line with a wave goes on air now.
      let frames: VrmFrame[] = (await sampleVrm(stage, 300)).filter((f) => f.avatarId === id);
      await studio.call('playout.insert', { source: { text: '[wave] Hello everyone, welcome to the live room! Lovely to see you here.' }, at: 'now' });
      let shot = false;
      const marks: Record<string, number> = {};
      // Until a wave has run its course on this avatar, a blink was seen and enough speech (software
      // WebGL on a busy machine may draw only a few frames a second): sample the drawn model.
      const done = (): boolean => {
        const raised = frames.findIndex((f) => f.gesture === 'wave' && f.lineId !== null && f.handAboveShoulder > 0);
        return (
          raised >= 0 &&
          frames.slice(raised).some((f) => f.gesture === null) &&
          frames.some((f) => f.blinkMorph > 0.3) &&
          frames.filter((f) => f.speaking).length >= 12
        );
      };
      const deadline = Date.now() + 40_000;
      while (!done() && Date.now() < deadline) {
        const batch = await sampleVrm(stage, 700, !shot);
        frames = frames.concat(batch.filter((f) => f.avatarId === id));
        if (marks.speaking === undefined && frames.some((f) => f.speaking)) marks.speaking = Date.now() - t0;
        if (marks.wave === undefined && frames.some((f) => f.gesture === 'wave')) marks.wave = Date.now() - t0;
        if (marks.blink === undefined && frames.some((f) => f.blinkMorph > 0.3)) marks.blink = Date.now() - t0;
        // The picture while the hand is up (the wave holds for over a second).
        const last = batch[batch.length - 1];
        if (!shot && last?.gesture === 'wave' && last.handAboveShoulder > 0.05 && last.handX > -0.16) {
          shot = true;
          await stage.screenshot({ path: `${SHOTS}/stage-vrm${version}.png` });
        }
      }
      const seen = {
        frames: frames.length,
        speaking: frames.filter((f) => f.speaking).length,
        waving: frames.filter((f) => f.gesture === 'wave').length,
        highestHand: Math.max(...frames.map((f) => f.handAboveShoulder)),
        blink: Math.max(...frames.map((f) => f.blinkMorph)),
        lines: [...new Set(frames.map((f) => f.lineId))].length,
        msTo: marks,
        fps: frames.length / ((Date.now() - t0) / 1000),
      };
      expect(done(), JSON.stringify(seen)).toBe(true);

      if (!shot) await stage.screenshot({ path: `${SHOTS}/stage-vrm${version}.png` });
      // The arm at rest hangs below the shoulder; the wave lifts the hand above it, then it comes back.
      const raised = frames.findIndex((f) => f.gesture === 'wave' && f.handAboveShoulder > 0);
      const before = frames.slice(0, raised).filter((f) => f.gesture === null);
      const waving = frames.filter((f) => f.gesture === 'wave');
      const after = frames.slice(raised).filter((f) => f.gesture === null);
      expect(before.length).toBeGreaterThan(0);
      expect(Math.max(...before.map((f) => f.handAboveShoulder))).toBeLessThan(-0.3);
      expect(Math.max(...waving.map((f) => f.handAboveShoulder))).toBeGreaterThan(0.02);
      expect(after.length).toBeGreaterThan(0);
      expect(Math.max(...after.map((f) => f.handAboveShoulder))).toBeLessThan(-0.3);

      // The mouth: the expressions' weights move with the speech and reach the face's morph targets.
      const speaking = frames.filter((f) => f.speaking);
      expect(speaking.length).toBeGreaterThanOrEqual(12);
      const open = speaking.map((f) => f.mouthOpen);
      const morph = speaking.map((f) => f.mouthMorph);
      expect(Math.max(...open) - Math.min(...open)).toBeGreaterThan(0.2);
      expect(Math.max(...morph) - Math.min(...morph)).toBeGreaterThan(0.2);
      // Blinks: the eyes close for a moment and are open most of the time.
      expect(Math.max(...frames.map((f) => f.blinkMorph))).toBeGreaterThan(0.3);
      expect(frames.filter((f) => f.blinkMorph < 0.1).length).toBeGreaterThan(frames.length * 0.7);
      // Its MToon shaders compiled (three.js logs an error otherwise) and three-vrm had nothing to say about the file.
      expect(pageProblems.filter((p) => /shader|program|vrm|mtoon/i.test(p))).toEqual([]);
    });
  }

  it('a VRM whose expressions bind nothing is refused with its reason; the VRM on air stays', { timeout: 40_000 }, async () => {
    await studio.call('avatar.select', { id: ids['1']! });
    await expect.poll(async () => (await snapshot(stage)).avatar, { timeout: 20_000 }).toMatchObject({ id: ids['1'], kind: 'vrm', error: null });
    // The import keeps the file (it is a valid model) but knows it cannot lip-sync.
    const inspected = await studio.call('avatar.inspect', { id: ids.empty! });
    expect(inspected.inspection.noLipSync?.code).toBe('avatar-vrm-no-expressions');
    await expect(studio.call('avatar.select', { id: ids.empty! })).rejects.toThrow(/avatar-no-lipsync: This VRM 1\.0 model has no mouth expressions/);
    // Nothing changed: the setting, and what is on air.
    expect((await studio.call('library.snapshot', {})).settings.stage.avatarId).toBe(ids['1']);
    const frames = await sampleVrm(stage, 1500);
    expect(frames.every((f) => f.avatarId === ids['1'])).toBe(true);
    expect((await snapshot(stage)).avatar).toMatchObject({ id: ids['1'], kind: 'vrm', loadingId: null, failedId: null, error: null });

    // "Use it anyway": it goes on air without lip-sync; its mouth stays still while the host speaks.
    await studio.call('avatar.select', { id: ids.empty!, acceptNoLipSync: true });
    await expect.poll(async () => (await snapshot(stage)).avatar, { timeout: 20_000 }).toMatchObject({ id: ids.empty, kind: 'vrm', error: null });
    await studio.call('playout.insert', { source: { text: 'This host has no mouth shapes, but still speaks.' }, at: 'now' });
    let still: VrmFrame[] = [];
    await expect
      .poll(
        async () => {
          still = still.concat((await sampleVrm(stage, 700)).filter((f) => f.avatarId === ids.empty && f.speaking));
          return still.length;
        },
        { timeout: 20_000, interval: 1 },
      )
      .toBeGreaterThan(10);
    expect(Math.max(...still.map((f) => f.mouthMorph))).toBe(0);
    expect(Math.max(...still.map((f) => f.mouthOpen))).toBe(0);
  });
});
