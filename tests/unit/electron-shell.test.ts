import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, HostEvent } from '../../shared/api';
import type { CallerContext, HostEventListener } from '../../main/host/host';
import { HostCallError } from '../../main/host/host';
import { createAppUrls, isSafeExternalUrl } from '../../main/app/app-urls';
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../../main/app/csp';
import { readEvent, unwrapResponse } from '../../main/app/envelope';
import {
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  IpcTransport,
  type FrameLike,
  type InvokeEventLike,
  type IpcMainLike,
  type WebContentsLike,
} from '../../main/app/ipc-transport';
import { createMediaHandler, fileUrl, mediaUrl, parseFileUrl, parseMediaUrl } from '../../main/app/media-protocol';
import { UPLOAD_CHANNEL } from '../../main/app/media-url';
import { MediaRejectedError, type MediaItem, type MediaKind } from '../../shared/media';
import { fitStageSize, parseStageOptions } from '../../main/app/stage-options';

const RENDERER_DIR = join(tmpdir(), 'stagehost-app', 'out', 'renderer');
const fileUrls = createAppUrls({ rendererDir: RENDERER_DIR, platform: 'linux' });
const devUrls = createAppUrls({ devServerUrl: 'http://localhost:5173', rendererDir: RENDERER_DIR });

describe('app URLs', () => {
  it('recognises the built pages and nothing else', () => {
    const studio = fileUrls.pageUrl('studio');
    expect(studio).toBe(`${pathToFileURL(RENDERER_DIR).href}/studio.html`);
    expect(fileUrls.pageOf(studio)).toBe('studio');
    expect(fileUrls.pageOf(`${fileUrls.pageUrl('stage')}?role=program#x`)).toBe('stage');
    expect(fileUrls.pageOf(new URL('./stage.html', studio).href)).toBe('stage');
    expect(fileUrls.pageOf(new URL('../renderer/studio.html', studio).href)).toBe('studio');
    expect(fileUrls.pageOf(new URL('../studio.html', studio).href)).toBeNull();
    expect(fileUrls.pageOf('file:///etc/studio.html')).toBeNull();
    expect(fileUrls.pageOf('http://localhost:5173/studio.html')).toBeNull();
    expect(fileUrls.pageOf('not a url')).toBeNull();
    expect(fileUrls.isAppUrl(new URL('assets/studio-abc.js', studio).href)).toBe(true);
    expect(fileUrls.isAppUrl(new URL('../../secret.txt', studio).href)).toBe(false);
    expect(fileUrls.isAppUrl(`${pathToFileURL(RENDERER_DIR).href}-evil/studio.html`)).toBe(false);
  });

  it('recognises the dev server pages by origin', () => {
    expect(devUrls.mode).toBe('dev-server');
    expect(devUrls.pageUrl('stage')).toBe('http://localhost:5173/stage.html');
    expect(devUrls.pageOf('http://localhost:5173/studio.html?x=1')).toBe('studio');
    expect(devUrls.pageOf('http://localhost:5174/studio.html')).toBeNull();
    expect(devUrls.pageOf('http://127.0.0.1:5173/studio.html')).toBeNull();
    expect(devUrls.pageOf(fileUrls.pageUrl('studio'))).toBeNull();
    expect(devUrls.isAppUrl('http://localhost:5173/@vite/client')).toBe(true);
    expect(() => createAppUrls({ devServerUrl: 'javascript:alert(1)', rendererDir: RENDERER_DIR })).toThrow();
  });

  it('compares Windows paths case-insensitively', () => {
    const win = createAppUrls({ rendererDir: RENDERER_DIR, platform: 'win32' });
    expect(win.pageOf(win.pageUrl('studio').replace('studio.html', 'STUDIO.html'))).toBe('studio');
  });

  it('lets only plain http(s) links out to the browser', () => {
    expect(isSafeExternalUrl('https://example.com/shop?id=1')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('smb://host/share')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
    expect(isSafeExternalUrl('nonsense')).toBe(false);
  });
});

describe('content security policy', () => {
  it('is strict in production and relaxed only for the dev server', () => {
    const prod = contentSecurityPolicy({ dev: false });
    expect(prod).toContain("default-src 'self'");
    expect(prod).toContain("script-src 'self';");
    expect(prod).not.toContain('unsafe-eval');
    expect(prod).not.toContain('ws:');
    expect(prod).toContain("object-src 'none'");
    expect(prod).toContain("frame-ancestors 'none'");
    expect(prod).toMatch(/media-src [^;]*stagehost-media:/);
    expect(prod).toMatch(/connect-src [^;]*stagehost-media:/);
    const dev = contentSecurityPolicy({ dev: true });
    expect(dev).toContain('ws://localhost:*');
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('has a meta variant without frame-ancestors', () => {
    const meta = metaContentSecurityPolicy();
    expect(meta).not.toContain('frame-ancestors');
    expect(meta).toContain("script-src 'self';");
  });
});

describe('stage window options', () => {
  it('fits 9:16 on screen by default and takes a fixed size for OBS', () => {
    expect(parseStageOptions([])).toEqual({ sizing: 'fit', width: 1080, height: 1920, frameless: false });
    expect(parseStageOptions(['--stage-size'])).toMatchObject({ sizing: 'fixed', width: 1080, height: 1920 });
    expect(parseStageOptions(['--stage-size=720x1280', '--stage-frameless'])).toEqual({
      sizing: 'fixed',
      width: 720,
      height: 1280,
      frameless: true,
    });
    expect(parseStageOptions([], { STAGEHOST_STAGE_SIZE: '1080x1920' }).sizing).toBe('fixed');
    const fit = fitStageSize({ width: 1080, height: 1920 }, { width: 1920, height: 1040 });
    expect(fit.height).toBeLessThanOrEqual(1040);
    expect(Math.abs(fit.width / fit.height - 1080 / 1920)).toBeLessThan(0.01);
    expect(fitStageSize({ width: 1080, height: 1920 }, { width: 3840, height: 4000 })).toEqual({ width: 1080, height: 1920 });
  });
});

describe('preload envelopes', () => {
  it('unwraps results and errors, rejecting mismatched ids', () => {
    expect(unwrapResponse({ type: 'response', id: 3, ok: true, result: { a: 1 } }, 3)).toEqual({ ok: true, result: { a: 1 } });
    expect(unwrapResponse({ type: 'response', id: 3, ok: false, error: { code: 'nope', message: 'm' } }, 3)).toEqual({
      ok: false,
      error: { code: 'nope', message: 'm' },
    });
    expect(unwrapResponse({ type: 'response', id: 4, ok: true, result: 1 }, 3)).toMatchObject({ ok: false });
    expect(unwrapResponse(null, 3)).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    expect(readEvent({ type: 'event', event: 'stage.halt', payload: { reason: 'x' } })).toEqual({
      event: 'stage.halt',
      payload: { reason: 'x' },
    });
    expect(readEvent({ type: 'response' })).toBeNull();
  });
});

describe('stagehost-media protocol', () => {
  let dir: string;
  const id = 'ab'.repeat(16);
  let file: string;
  const handler = () =>
    createMediaHandler({
      mediaPath: (audioId) => (audioId === id ? file : audioId === 'cd'.repeat(16) ? join(dir, 'missing.wav') : null),
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stagehost-media-'));
    file = join(dir, `${id}.wav`);
    writeFileSync(file, Buffer.from('RIFF....WAVEfmt 0123456789'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses only hex ids on the utterance host', () => {
    expect(mediaUrl(id)).toBe(`stagehost-media://utterance/${id}`);
    expect(parseMediaUrl(mediaUrl(id))).toBe(id);
    expect(parseMediaUrl('stagehost-media://utterance/../../etc/passwd')).toBeNull();
    expect(parseMediaUrl('stagehost-media://utterance/ABCDEF0123456789')).toBeNull();
    expect(parseMediaUrl('stagehost-media://utterance/abc')).toBeNull();
    expect(parseMediaUrl(`stagehost-media://other/${id}`)).toBeNull();
    expect(parseMediaUrl(`file:///${id}`)).toBeNull();
  });

  it('serves the file, ranges, and clean errors', async () => {
    const h = handler();
    const ok = await h(new Request(mediaUrl(id)));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('audio/wav');
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(Buffer.from(await ok.arrayBuffer()).toString()).toBe('RIFF....WAVEfmt 0123456789');

    const part = await h(new Request(mediaUrl(id), { headers: { range: 'bytes=4-7' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 4-7/26');
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('....');

    const tail = await h(new Request(mediaUrl(id), { headers: { range: 'bytes=-4' } }));
    expect(Buffer.from(await tail.arrayBuffer()).toString()).toBe('6789');

    expect((await h(new Request(mediaUrl(id), { headers: { range: 'bytes=100-' } }))).status).toBe(416);
    expect((await h(new Request('stagehost-media://utterance/xyz'))).status).toBe(400);
    expect((await h(new Request(mediaUrl('ef'.repeat(16))))).status).toBe(404);
    expect((await h(new Request(mediaUrl('cd'.repeat(16))))).status).toBe(404);
    expect((await h(new Request(mediaUrl(id), { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('serves imported files by media id on the second host name, with their content type', async () => {
    const video = join(dir, 'video-0123456789abcdef.mp4');
    writeFileSync(video, Buffer.from('....ftypisom0123456789'));
    const h = createMediaHandler({ mediaPath: () => null, filePath: (mediaId) => (mediaId === 'video-0123456789abcdef' ? video : null) });
    expect(fileUrl('video-0123456789abcdef')).toBe('stagehost-media://file/video-0123456789abcdef');
    expect(parseFileUrl('stagehost-media://file/a%2F..%2Fsecret')).toBeNull();
    expect(parseFileUrl('stagehost-media://utterance/video-0123456789abcdef')).toBeNull();
    expect(parseFileUrl('stagehost-media://file/Video')).toBeNull();
    const ok = await h(new Request(fileUrl('video-0123456789abcdef')));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('video/mp4');
    const part = await h(new Request(fileUrl('video-0123456789abcdef'), { headers: { range: 'bytes=4-7' } }));
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('ftyp');
    expect((await h(new Request(fileUrl('image-0123456789abcdef')))).status).toBe(404);
    // An utterance id on the file host is not an utterance.
    expect((await h(new Request(`stagehost-media://file/${id}`))).status).toBe(404);
  });
});

// ---- IPC transport with fake Electron objects --------------------------------------------------

class FakeFrame implements FrameLike {
  constructor(
    public url: string,
    public processId = 1,
    public routingId = 1,
    public parent: FrameLike | null = null,
  ) {}
}

class FakeWebContents implements WebContentsLike {
  sent: unknown[] = [];
  destroyed = false;
  constructor(
    public id: number,
    public mainFrame: FakeFrame,
  ) {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    expect(channel).toBe(EVENT_CHANNEL);
    this.sent.push(args[0]);
  }
}

class FakeIpcMain implements IpcMainLike {
  handler: ((event: InvokeEventLike, ...args: unknown[]) => unknown) | null = null;
  uploadHandler: ((event: InvokeEventLike, ...args: unknown[]) => unknown) | null = null;
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    expect([INVOKE_CHANNEL, UPLOAD_CHANNEL]).toContain(channel);
    if (channel === UPLOAD_CHANNEL) this.uploadHandler = listener;
    else this.handler = listener;
  }
  removeHandler(channel: string): void {
    if (channel === UPLOAD_CHANNEL) this.uploadHandler = null;
    else this.handler = null;
  }
  invoke(sender: WebContentsLike, frame: FrameLike | null, raw: unknown): Promise<unknown> {
    if (!this.handler) throw new Error('no handler');
    return Promise.resolve(this.handler({ sender, senderFrame: frame }, raw));
  }
  upload(sender: WebContentsLike, frame: FrameLike | null, raw: unknown): Promise<unknown> {
    if (!this.uploadHandler) throw new Error('no upload handler');
    return Promise.resolve(this.uploadHandler({ sender, senderFrame: frame }, raw));
  }
}

function fakeHost() {
  const calls: { method: string; params: unknown; caller: CallerContext }[] = [];
  const disconnected: string[] = [];
  let listener: HostEventListener | null = null;
  return {
    calls,
    disconnected,
    emit<E extends HostEvent>(event: E, payload: EventPayload<E>) {
      listener?.(event, payload);
    },
    host: {
      async handle(method: string, params: unknown, caller: CallerContext): Promise<unknown> {
        calls.push({ method, params, caller });
        if (method === 'playout.stop') throw new HostCallError('not_on_air', 'Nothing is on air.');
        if (method === 'asrun.tail') throw new Error('disk on fire');
        return { echo: method };
      },
      subscribe(l: HostEventListener) {
        listener = l;
        return () => {
          listener = null;
        };
      },
      disconnected(id: string) {
        disconnected.push(id);
      },
      async importFile(kind: MediaKind, fileName: string, bytes: Uint8Array): Promise<MediaItem> {
        if (fileName === 'fake.glb') throw new MediaRejectedError({ code: 'media-bad-content', params: { fileName }, message: 'not a real GLB' });
        return { id: `${kind}-0123456789abcdef`, kind, fileName, bytes: bytes.byteLength, createdAt: 1, thumbnailId: null, meta: {} };
      },
    },
  };
}

describe('IPC transport', () => {
  const silent = { info: () => {}, warn: () => {}, error: () => {} };

  function setup() {
    const ipc = new FakeIpcMain();
    const h = fakeHost();
    const transport = new IpcTransport({ ipcMain: ipc, host: h.host, urls: fileUrls, log: silent });
    transport.start();
    const studio = new FakeWebContents(1, new FakeFrame(fileUrls.pageUrl('studio'), 10, 1));
    const stage = new FakeWebContents(2, new FakeFrame(fileUrls.pageUrl('stage'), 11, 1));
    transport.registerWindow('studio', studio);
    transport.registerWindow('stage', stage);
    return { ipc, h, transport, studio, stage };
  }
  const req = (id: number, method: string, params: unknown = {}) => ({ type: 'request', id, method, params });

  it('carries uploads from the studio only, refusing wrong kinds, sizes and content with their code', async () => {
    const { ipc, studio, stage } = setup();
    const bytes = new TextEncoder().encode('glTF....');
    expect(await ipc.upload(studio, studio.mainFrame, { kind: 'avatar', fileName: 'host.glb', bytes })).toMatchObject({ ok: true, item: { kind: 'avatar', bytes: 8 } });
    expect(await ipc.upload(stage, stage.mainFrame, { kind: 'avatar', fileName: 'host.glb', bytes })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ipc.upload(studio, studio.mainFrame, { kind: 'avatar', fileName: 'host.exe', bytes })).toMatchObject({ ok: false, error: { code: 'media-bad-extension' } });
    expect(await ipc.upload(studio, studio.mainFrame, { kind: 'avatar', fileName: 'fake.glb', bytes })).toMatchObject({ ok: false, error: { code: 'media-bad-content', message: 'not a real GLB' } });
    expect(await ipc.upload(studio, studio.mainFrame, { kind: 'weights', fileName: 'a.glb', bytes })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await ipc.upload(studio, studio.mainFrame, { kind: 'avatar', fileName: 'a.glb', bytes: 'not bytes' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('passes valid requests with the page taken from the window', async () => {
    const { ipc, h, studio, stage } = setup();
    expect(await ipc.invoke(studio, studio.mainFrame, req(1, 'playout.state'))).toEqual({
      type: 'response',
      id: 1,
      ok: true,
      result: { echo: 'playout.state' },
    });
    await ipc.invoke(stage, stage.mainFrame, req(2, 'stage.attach', { role: 'program' }));
    expect(h.calls.map((c) => c.caller.page)).toEqual(['studio', 'stage']);
    expect(h.calls[0]?.caller.connectionId).not.toBe(h.calls[1]?.caller.connectionId);
  });

  it('rejects senders that are not our pages', async () => {
    const { ipc, h, studio, stage } = setup();
    const stranger = new FakeWebContents(9, new FakeFrame(fileUrls.pageUrl('studio')));
    expect(await ipc.invoke(stranger, stranger.mainFrame, req(1, 'playout.goLive'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A subframe inside the studio.
    const iframe = new FakeFrame(fileUrls.pageUrl('studio'), 10, 2, studio.mainFrame);
    expect(await ipc.invoke(studio, iframe, req(2, 'playout.goLive'))).toMatchObject({ error: { code: 'forbidden' } });
    // The frame is gone.
    expect(await ipc.invoke(studio, null, req(3, 'playout.goLive'))).toMatchObject({ error: { code: 'forbidden' } });
    // The studio window navigated somewhere else.
    const away = new FakeFrame('https://evil.example/studio.html', 10, 1);
    studio.mainFrame = away;
    expect(await ipc.invoke(studio, away, req(4, 'playout.goLive'))).toMatchObject({ error: { code: 'forbidden' } });
    // The stage window showing the studio page does not become the studio.
    const swapped = new FakeFrame(fileUrls.pageUrl('studio'), 11, 1);
    stage.mainFrame = swapped;
    expect(await ipc.invoke(stage, swapped, req(5, 'playout.goLive'))).toMatchObject({ error: { code: 'forbidden' } });
    expect(h.calls).toHaveLength(0);
  });

  it('validates envelopes and methods before the host sees them', async () => {
    const { ipc, h, studio } = setup();
    expect(await ipc.invoke(studio, studio.mainFrame, { type: 'request', id: -1, method: 'x', params: {} })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await ipc.invoke(studio, studio.mainFrame, 'hello')).toMatchObject({ error: { code: 'bad_request' } });
    expect(await ipc.invoke(studio, studio.mainFrame, req(7, 'fs.readFile'))).toEqual({
      type: 'response',
      id: 7,
      ok: false,
      error: { code: 'unknown_method', message: 'Unknown method: fs.readFile' },
    });
    expect(await ipc.invoke(studio, studio.mainFrame, req(8, 'toString'))).toMatchObject({ error: { code: 'unknown_method' } });
    expect(h.calls).toHaveLength(0);
  });

  it('returns host errors as envelopes, never throws', async () => {
    const { ipc, studio } = setup();
    expect(await ipc.invoke(studio, studio.mainFrame, req(1, 'playout.stop'))).toEqual({
      type: 'response',
      id: 1,
      ok: false,
      error: { code: 'not_on_air', message: 'Nothing is on air.' },
    });
    expect(await ipc.invoke(studio, studio.mainFrame, req(2, 'asrun.tail', { limit: 5 }))).toEqual({
      type: 'response',
      id: 2,
      ok: false,
      error: { code: 'internal', message: 'disk on fire' },
    });
  });

  it('broadcasts events to live windows and reports closed connections', async () => {
    const { ipc, h, transport, studio, stage } = setup();
    h.emit('stage.halt', { reason: 'stop' });
    expect(studio.sent).toEqual([{ type: 'event', event: 'stage.halt', payload: { reason: 'stop' } }]);
    expect(stage.sent).toHaveLength(1);

    stage.destroyed = true;
    h.emit('stage.halt', { reason: 'again' });
    expect(stage.sent).toHaveLength(1);
    expect(studio.sent).toHaveLength(2);

    // A window that never called is not reported; one that did is, once per page generation.
    const before = transport.connectionId(studio.id);
    transport.resetConnection(studio.id);
    expect(h.disconnected).toEqual([]);
    await ipc.invoke(studio, studio.mainFrame, req(1, 'playout.state'));
    const used = h.calls[0]?.caller.connectionId;
    expect(used).not.toBe(before);
    transport.resetConnection(studio.id);
    expect(h.disconnected).toEqual([used]);
    await ipc.invoke(studio, studio.mainFrame, req(2, 'playout.state'));
    expect(h.calls[1]?.caller.connectionId).not.toBe(used);
    transport.unregisterWindow(studio.id);
    expect(h.disconnected).toEqual([used, h.calls[1]?.caller.connectionId]);
    expect(await ipc.invoke(studio, studio.mainFrame, req(3, 'playout.state'))).toMatchObject({ error: { code: 'forbidden' } });

    transport.stop();
    expect(ipc.handler).toBeNull();
  });
});
