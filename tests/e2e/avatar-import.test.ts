import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StageSnapshot } from '../../renderer/stage/runtime';
import { launchChromium, startHost, type RunningHost, uploadAvatar } from '../support/browser-mode';
import { morphHeadGlb, OCULUS_NAMES } from '../support/glb';

/** A studio connection to the host API over the browser-mode WebSocket. */
class StudioClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; id: number; ok: boolean; result?: unknown; error?: { code: string; message: string } };
      if (msg.type !== 'response') return;
      const waiter = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.ok) waiter?.resolve(msg.result);
      else waiter?.reject(Object.assign(new Error(msg.error!.message), { code: msg.error!.code }));
    });
  }
  static async open(studioUrl: string): Promise<StudioClient> {
    const u = new URL(studioUrl);
    const ws = new WebSocket(`ws://${u.host}/host?page=studio&token=${encodeURIComponent(u.searchParams.get('token')!)}`);
    await new Promise((ok, fail) => {
      ws.once('open', ok);
      ws.once('error', fail);
    });
    return new StudioClient(ws);
  }
  call<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ type: 'request', id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }
  close(): void {
    this.ws.close();
  }
}

const upload = uploadAvatar;

const snapshot = (stage: Page): Promise<StageSnapshot> => stage.evaluate(() => window.__stagehostStage!.snapshot());

async function sample(stage: Page, ms: number): Promise<StageSnapshot[]> {
  return stage.evaluate(async (duration) => {
    const out: StageSnapshot[] = [];
    const end = performance.now() + duration;
    while (performance.now() < end) {
      const s = window.__stagehostStage?.snapshot();
      if (s) out.push(s);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    return out;
  }, ms);
}

describe('imported avatars on the stage', () => {
  let host: RunningHost;
  let browser: Browser;
  let studio: StudioClient;

  beforeAll(async () => {
    host = await startHost({ lang: 'en-US' });
    browser = await launchChromium();
    studio = await StudioClient.open(host.studioUrl);
  });
  afterAll(async () => {
    studio?.close();
    await browser?.close();
    await host?.stop();
  });

  it('swaps to an imported Oculus-viseme GLB whose mouth moves with the speech; a broken one leaves it on air', { timeout: 120_000 }, async () => {
    const stage = await browser.newPage({ viewport: { width: 540, height: 960 } });
    await stage.goto(host.stageUrl);
    await expect.poll(async () => (await snapshot(stage)).framesRendered, { timeout: 20_000 }).toBeGreaterThan(5);
    expect((await snapshot(stage)).avatar).toMatchObject({ id: null, kind: 'default' });
    const gpuBefore = await stage.evaluate(() => window.__stagehostStage!.renderInfo());
    expect(gpuBefore).not.toBeNull();

    const up = await upload(host.studioUrl, 'viseme-head.glb', morphHeadGlb(OCULUS_NAMES));
    expect(up.status).toBe(200);
    const id = up.body.item!.id;
    await studio.call('avatar.select', { id });
    await expect.poll(async () => (await snapshot(stage)).avatar, { timeout: 20_000 }).toMatchObject({ id, kind: 'oculus', error: null });

    // Speaking: the imported mouth opens (read back from the model's morph targets).
    await studio.call('playout.goLive', {});
    let samples: StageSnapshot[] = [];
    await expect
      .poll(
        async () => {
          samples = samples.concat(await sample(stage, 1000));
          return samples.some((s) => s.speaking && s.mouthOpen > 0.2);
        },
        { timeout: 30_000, interval: 1 },
      )
      .toBe(true);
    // The poll may have stopped at the first open frame: watch a little longer.
    samples = samples.concat(await sample(stage, 3000));
    const speaking = samples.filter((s) => s.speaking);
    expect(speaking.length).toBeGreaterThan(5);
    expect(Math.max(...speaking.map((s) => s.mouthOpen)) - Math.min(...speaking.map((s) => s.mouthOpen))).toBeGreaterThan(0.2);

    // A model whose texture cannot be decoded: refused on the stage, the previous avatar stays on air.
    const broken = await upload(host.studioUrl, 'broken-skin.glb', morphHeadGlb(OCULUS_NAMES, {}, { brokenTexture: true }));
    expect(broken.status).toBe(200); // the file itself is a valid GLB; only loading reveals the bad texture
    const brokenId = broken.body.item!.id;
    await studio.call('avatar.select', { id: brokenId });
    await expect.poll(async () => (await snapshot(stage)).avatar.failedId, { timeout: 20_000 }).toBe(brokenId);
    const after = await snapshot(stage);
    expect(after.avatar.id).toBe(id);
    expect(after.avatar.kind).toBe('oculus');
    expect(after.avatar.error).toMatch(/texture/i);
    await studio.call('playout.stop', {});

    // A fake .glb never gets into the library.
    const fake = await upload(host.studioUrl, 'fake.glb', new TextEncoder().encode('<html>hello</html>'));
    expect(fake.status).toBe(422);
    expect(fake.body.error?.code).toBe('media-bad-content');

    // Back to the built-in host.
    await studio.call('avatar.select', { id: null });
    await expect.poll(async () => (await snapshot(stage)).avatar, { timeout: 10_000 }).toMatchObject({ id: null, kind: 'default' });
    // Every geometry and texture of the imported avatars was disposed: the GPU holds what it held before.
    {
      await expect
        .poll(async () => (await stage.evaluate(() => window.__stagehostStage!.renderInfo()))?.geometries, { timeout: 10_000 })
        .toBeLessThanOrEqual(gpuBefore!.geometries);
      const gpuAfter = await stage.evaluate(() => window.__stagehostStage!.renderInfo());
      expect(gpuAfter!.textures).toBeLessThanOrEqual(gpuBefore!.textures);
    }
    await stage.close();
  });

  it('the built-in host waves on a [wave] cue and takes the mood of an [excited] cue', { timeout: 90_000 }, async () => {
    const stage = await browser.newPage({ viewport: { width: 540, height: 960 } });
    await stage.goto(host.stageUrl);
    await expect.poll(async () => (await snapshot(stage)).framesRendered, { timeout: 20_000 }).toBeGreaterThan(5);
    await studio.call('playout.goLive', {});
    // (Cues written before the words: the wave starts with the first word, see tests/e2e/gesture-timing.test.ts.)
    await studio.call('playout.insert', { source: { text: '[wave] [excited] Hello everyone, welcome to the live room!' }, at: 'now' });
    let samples: StageSnapshot[] = [];
    await expect
      .poll(
        async () => {
          samples = samples.concat(await sample(stage, 500));
          // (The demo store's own lines may wave too: wait for the inserted, excited one.)
          return samples.some((s) => s.gesture === 'wave' && s.emotion === 'excited' && s.lineId !== null);
        },
        { timeout: 40_000, interval: 1 },
      )
      .toBe(true);
    if (process.env.STAGEHOST_SCREENSHOTS) {
      for (let i = 0; i < 3; i++) {
        await stage.waitForTimeout(350);
        await stage.screenshot({ path: `${process.env.STAGEHOST_SCREENSHOTS}/wave-${i}.png` });
      }
    }
    await studio.call('playout.stop', {});
    await stage.close();
  });
});
