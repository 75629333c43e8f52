import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';
import { startWebServer, type WebServer } from '../../main/host/web-server';
import { openMediaStore } from '../../main/library/media-store';
import { MediaRejectedError } from '../../shared/media';
import { morphHeadGlb, OCULUS_NAMES } from '../support/glb';

const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request; `declaredLength` may lie about the body to test early refusals. */
function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: Uint8Array; declaredLength?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: { ...opts.headers, ...(opts.declaredLength !== undefined ? { 'Content-Length': String(opts.declaredLength) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    // With a declared length larger than the body the request stays open: the server must answer anyway.
    if (opts.declaredLength === undefined) req.end();
  });
}

function diskBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) total += statSync(join(dir, name)).size;
  return total;
}

describe('media store', () => {
  it('stores a file once per content, survives a reopen, and removes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stagehost-media-'));
    const store = openMediaStore(dir);
    const glb = morphHeadGlb(OCULUS_NAMES);
    const a = store.add('avatar', 'host.glb', glb, { note: 1 });
    const b = store.add('avatar', 'copy of host.glb', glb);
    expect(a.id).toMatch(/^avatar-[0-9a-f]{16}$/);
    expect(b.id).toBe(a.id);
    expect(store.list()).toHaveLength(1);
    expect(readFileSync(store.path(a.id)!)).toEqual(Buffer.from(glb));
    const reopened = openMediaStore(dir);
    expect(reopened.get(a.id)).toMatchObject({ kind: 'avatar', fileName: 'host.glb', bytes: glb.byteLength, meta: { note: 1 } });
    expect(() => reopened.add('avatar', 'fake.glb', new TextEncoder().encode('PK\u0003\u0004 zip file'))).toThrow(MediaRejectedError);
    expect(reopened.remove(a.id)).toBe(true);
    expect(reopened.path(a.id)).toBeNull();
    expect(openMediaStore(dir).list()).toEqual([]);
    expect(readdirSync(join(dir, 'media')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('upload route (browser mode)', () => {
  let host: StageHost | null = null;
  let web: WebServer | null = null;
  afterEach(async () => {
    await web?.close();
    await host?.close();
    web = null;
    host = null;
  });

  let dataDir = '';
  async function start(): Promise<{ host: StageHost; web: WebServer; auth: Record<string, string> }> {
    dataDir = mkdtempSync(join(tmpdir(), 'stagehost-upload-'));
    host = await createHost({ dataDir, locale: 'en-US', seedsDir: null, log: () => {}, resume: false });
    web = await startWebServer({ host, staticDir: tmpdir() });
    return { host, web, auth: { Cookie: `stagehost_token=${encodeURIComponent(web.token)}`, 'X-StageHost-Upload': '1' } };
  }

  it('uploads a GLB avatar, serves it back with ranges, and puts it on air', async () => {
    const { host, web, auth } = await start();
    const glb = morphHeadGlb(OCULUS_NAMES);
    const up = await send(`${web.url}/upload?kind=avatar&name=${encodeURIComponent('主播.glb')}`, { method: 'POST', headers: auth, body: glb });
    expect(up.status).toBe(200);
    const { item } = JSON.parse(up.body.toString()) as { item: { id: string; fileName: string; meta: { inspection: { blendShapeSet: string } } } };
    expect(item.fileName).toBe('主播.glb');
    expect(item.meta.inspection.blendShapeSet).toBe('oculus');

    const got = await send(`${web.url}/files/${item.id}`, { headers: auth });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('model/gltf-binary');
    expect(got.body.equals(Buffer.from(glb))).toBe(true);
    const part = await send(`${web.url}/files/${item.id}`, { headers: { ...auth, Range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect(part.body.toString()).toBe('glTF');
    expect(part.headers['content-range']).toBe(`bytes 0-3/${glb.byteLength}`);
    expect((await send(`${web.url}/files/${item.id}`)).status).toBe(403);

    const listed = (await host.handle('media.list', { kind: 'avatar' }, studio)) as { items: { id: string }[] };
    expect(listed.items.map((i) => i.id)).toEqual([item.id]);
    await host.handle('avatar.select', { id: item.id }, studio);
    const snap = (await host.handle('library.snapshot', {}, studio)) as { settings: { stage: { avatarId: string } } };
    expect(snap.settings.stage.avatarId).toBe(item.id);
    await expect(host.handle('media.delete', { id: item.id }, studio)).rejects.toThrow(/in use as the avatar on air/);
    await host.handle('avatar.select', { id: null }, studio);
    expect(await host.handle('media.delete', { id: item.id }, studio)).toEqual({ deleted: true });
    expect((await send(`${web.url}/files/${item.id}`, { headers: auth })).status).toBe(404);
  });

  it('refuses a 300 MB upload from its declared size, before the body arrives', async () => {
    const { host, web, auth } = await start();
    const mediaDir = join(dataDir, 'media');
    const reply = await send(`${web.url}/upload?kind=avatar&name=huge.vrm`, {
      method: 'POST',
      headers: auth,
      body: new Uint8Array(64 * 1024),
      declaredLength: 300 * 1024 * 1024,
    });
    expect(reply.status).toBe(413);
    const { error } = JSON.parse(reply.body.toString()) as { error: { code: string; message: string } };
    expect(error.code).toBe('media-too-large');
    expect(error.message).toContain('100 MB');
    expect(((await host.handle('media.list', {}, studio)) as { items: unknown[] }).items).toEqual([]);
    expect(diskBytes(mediaDir)).toBeLessThan(1024);
  });

  it('refuses a fake .glb and a broken model with a clear message, and cross-site posts', async () => {
    const { host, web, auth } = await start();
    const fake = await send(`${web.url}/upload?kind=avatar&name=host.glb`, { method: 'POST', headers: auth, body: new TextEncoder().encode('<html>not a model</html>') });
    expect(fake.status).toBe(422);
    expect(JSON.parse(fake.body.toString()).error).toMatchObject({ code: 'media-bad-content' });
    expect(JSON.parse(fake.body.toString()).error.message).toMatch(/not a real GLB\/VRM file/);

    const glb = morphHeadGlb(OCULUS_NAMES);
    const cut = await send(`${web.url}/upload?kind=avatar&name=cut.glb`, { method: 'POST', headers: auth, body: glb.subarray(0, glb.byteLength - 30) });
    expect(cut.status).toBe(422);
    expect(JSON.parse(cut.body.toString()).error.code).toBe('avatar-truncated');

    const noHeader = await send(`${web.url}/upload?kind=avatar&name=host.glb`, { method: 'POST', headers: { Cookie: auth.Cookie! }, body: glb });
    expect(noHeader.status).toBe(403);
    const crossSite = await send(`${web.url}/upload?kind=avatar&name=host.glb`, { method: 'POST', headers: { ...auth, Origin: 'http://evil.example' }, body: glb });
    expect(crossSite.status).toBe(403);
    expect(((await host.handle('media.list', {}, studio)) as { items: unknown[] }).items).toEqual([]);
  });

  it('asks before putting a model without lip-sync on air', async () => {
    const { host, web, auth } = await start();
    const up = await send(`${web.url}/upload?kind=avatar&name=statue.glb`, { method: 'POST', headers: auth, body: morphHeadGlb([]) });
    expect(up.status).toBe(200);
    const { item } = JSON.parse(up.body.toString()) as { item: { id: string } };
    await expect(host.handle('avatar.select', { id: item.id }, studio)).rejects.toMatchObject({ code: 'avatar-no-lipsync' });
    await expect(host.handle('avatar.select', { id: item.id, acceptNoLipSync: true }, studio)).resolves.toEqual({ avatarId: item.id });
  });

  it('imports a file through Host.importFile and rejects MediaRejectedError', async () => {
    const { host } = await start();
    await expect(host.importFile('image', 'logo.png', morphHeadGlb([]))).rejects.toBeInstanceOf(MediaRejectedError);
  });
});
