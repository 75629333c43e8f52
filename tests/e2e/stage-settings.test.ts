import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Background } from '../../shared/stage-settings';
import { asRunRows, launchChromium, startHost, type RunningHost } from '../support/browser-mode';

/** A studio connection to the host over the browser-mode WebSocket (with the pairing token). */
async function studioClient(host: RunningHost): Promise<{ call(method: string, params: unknown): Promise<unknown>; close(): void }> {
  const studio = new URL(host.studioUrl);
  const ws = new WebSocket(`ws://${studio.host}/host?page=studio&token=${encodeURIComponent(studio.searchParams.get('token') ?? '')}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error & { code?: string }) => void }>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { type: string; id?: number; ok?: boolean; result?: unknown; error?: { code: string; message: string } };
    if (msg.type !== 'response' || msg.id === undefined) return;
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (!w) return;
    if (msg.ok) w.resolve(msg.result);
    else w.reject(Object.assign(new Error(msg.error?.message ?? 'failed'), { code: msg.error?.code }));
  });
  return {
    call: (method, params) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        ws.send(JSON.stringify({ type: 'request', id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** A small RGB gradient as a real PNG file. */
function makePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      rows[row + 1 + x * 3] = Math.round((x / width) * 255);
      rows[row + 2 + x * 3] = 90;
      rows[row + 3 + x * 3] = Math.round((y / height) * 255);
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Imports a file the way the studio's upload does (browser mode: POST /upload). */
async function upload(host: RunningHost, kind: 'image' | 'video', name: string, bytes: Buffer): Promise<{ id: string }> {
  const studio = new URL(host.studioUrl);
  const url = new URL('/upload', studio);
  url.searchParams.set('kind', kind);
  url.searchParams.set('name', name);
  url.searchParams.set('token', studio.searchParams.get('token') ?? '');
  const res = await fetch(url, { method: 'POST', headers: { 'x-stagehost-upload': '1', 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
  const json = (await res.json()) as { item?: { id: string }; error?: { message: string } };
  if (!res.ok || !json.item) throw new Error(`upload failed (${res.status}): ${json.error?.message}`);
  return json.item;
}

interface Info {
  geometries: number;
  textures: number;
  frames: number;
}

const info = (stage: Page): Promise<Info> =>
  stage.evaluate(() => {
    const hook = window.__stagehostStage!;
    const r = hook.renderInfo();
    return { geometries: r?.geometries ?? -1, textures: r?.textures ?? -1, frames: hook.snapshot().framesRendered };
  });

describe('stage settings reach the stage: backgrounds without leaks, the AI label switch', () => {
  let host: RunningHost;
  let browser: Browser;
  let client: Awaited<ReturnType<typeof studioClient>>;

  beforeAll(async () => {
    host = await startHost({ lang: 'en-US' });
    browser = await launchChromium();
    client = await studioClient(host);
  });

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await host?.stop();
  });

  /** Saves stage settings, then makes sure a library.changed carries them (settings.update may not broadcast). */
  async function setStage(stage: Record<string, unknown>): Promise<void> {
    await client.call('settings.update', { patch: { stage } });
    await client.call('stage.setAiLabel', { enabled: true });
  }

  it('switches backgrounds from the settings and frees what the last one held', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 540, height: 960 } });
    await page.goto(host.stageUrl);
    await page.waitForFunction(() => (window.__stagehostStage?.snapshot().framesRendered ?? 0) > 3 && window.__stagehostStage?.renderInfo() != null, undefined, {
      timeout: 30_000,
    });
    await expect.poll(() => page.locator('.stage').getAttribute('class')).toContain('stage--bg-studio');
    const baseline = await info(page);
    expect(baseline.textures).toBeGreaterThan(0);

    const cycle: [Background, string][] = [
      [{ kind: 'color', color: '#336699' }, 'stage--bg-color'],
      [{ kind: 'chroma', color: 'green' }, 'stage--bg-chroma'],
      [{ kind: 'transparent' }, 'stage--bg-transparent'],
      [{ kind: 'chroma', color: 'blue' }, 'stage--bg-chroma'],
      [{ kind: 'studio' }, 'stage--bg-studio'],
    ];
    let withoutBackdrop: Info | null = null;
    for (let round = 0; round < 4; round++) {
      for (const [background, cls] of cycle) {
        await setStage({ background });
        await expect.poll(() => page.locator('.stage').getAttribute('class'), { timeout: 10_000 }).toContain(cls);
        const before = (await info(page)).frames;
        await expect.poll(async () => (await info(page)).frames, { timeout: 10_000 }).toBeGreaterThan(before + 1);
        if (background.kind === 'transparent') {
          withoutBackdrop = await info(page);
          // The page itself is see-through too (OBS browser source keys on alpha).
          expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
        }
      }
    }
    // Without the studio set its texture is gone; back on the studio set, exactly the baseline again.
    expect(withoutBackdrop!.textures).toBeLessThan(baseline.textures);
    expect(withoutBackdrop!.geometries).toBeLessThan(baseline.geometries);
    const after = await info(page);
    expect({ geometries: after.geometries, textures: after.textures }).toEqual({ geometries: baseline.geometries, textures: baseline.textures });

    // An imported image as the background: drawn as one more texture and quad, freed when it goes.
    const picture = await upload(host, 'image', 'backdrop.png', makePng(96, 54));
    await setStage({ background: { kind: 'image', mediaId: picture.id } });
    await expect.poll(() => page.locator('.stage').getAttribute('class'), { timeout: 10_000 }).toContain('stage--bg-image');
    await expect.poll(async () => (await info(page)).textures, { timeout: 15_000 }).toBe(withoutBackdrop!.textures + 1);
    expect((await info(page)).geometries).toBe(withoutBackdrop!.geometries + 1);
    await setStage({ background: { kind: 'color', color: '#203040' } });
    await expect.poll(async () => (await info(page)).textures, { timeout: 10_000 }).toBe(withoutBackdrop!.textures);
    expect((await info(page)).geometries).toBe(withoutBackdrop!.geometries);

    // Logo and QR code in their corners, served from the library.
    await setStage({ logoMediaId: picture.id, qrMediaId: picture.id });
    for (const id of ['stage-logo', 'stage-qr']) {
      await expect.poll(() => page.getByTestId(id).evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(96);
    }
    const [logo, qr, label] = await Promise.all(['stage-logo', 'stage-qr', 'ai-label'].map((id) => page.getByTestId(id).boundingBox()));
    expect(logo!.x + logo!.width).toBeLessThanOrEqual(540);
    expect(qr!.y).toBeGreaterThanOrEqual(label!.y + label!.height);

    // The ticker appears when the merchant turns it on, and goes when turned off.
    await setStage({ ticker: { enabled: true, text: 'Free shipping tonight' } });
    await expect.poll(() => page.getByTestId('ticker').count(), { timeout: 10_000 }).toBe(1);
    await setStage({ ticker: { enabled: false, text: 'Free shipping tonight' } });
    await expect.poll(() => page.getByTestId('ticker').count(), { timeout: 10_000 }).toBe(0);
    await page.close();
  });

  it('turning the AI label off needs confirmation, takes it off the stage and is in the as-run log', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    await page.goto(`${host.stageUrl}&layout=landscape`);
    await expect.poll(() => page.getByTestId('ai-label').textContent(), { timeout: 20_000 }).toContain('AI');

    await expect(client.call('stage.setAiLabel', { enabled: false })).rejects.toMatchObject({ code: 'confirmation-required' });
    // Unconfirmed: the label stays on the stage and nothing is logged.
    await client.call('stage.setAiLabel', { enabled: true });
    await expect.poll(() => page.getByTestId('ai-label').count()).toBe(1);
    expect(asRunRows(host.dataDir).filter((r) => r.outcome === 'notice')).toEqual([]);

    // …and goes once it is.
    await client.call('stage.setAiLabel', { enabled: false, confirmed: true });
    await expect.poll(() => page.getByTestId('ai-label').count(), { timeout: 10_000 }).toBe(0);
    const notices = asRunRows(host.dataDir).filter((r) => r.outcome === 'notice');
    expect(notices.at(-1)?.note).toMatch(/AI label turned off by the operator/);

    await client.call('stage.setAiLabel', { enabled: true });
    await expect.poll(() => page.getByTestId('ai-label').count(), { timeout: 10_000 }).toBe(1);
    expect(asRunRows(host.dataDir).filter((r) => r.outcome === 'notice').at(-1)?.note).toMatch(/AI label turned on/);
    await page.close();
  });
});
