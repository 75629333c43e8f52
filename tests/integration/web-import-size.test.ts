import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHost, type StageHost } from '../../main/host/create-host';
import { startWebServer, type WebServer } from '../../main/host/web-server';

/** One request over the browser-mode WebSocket, as the studio page sends it. */
function call(server: WebServer, method: string, params: unknown): Promise<{ ok: boolean; result?: unknown; error?: { message: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/host?page=studio&token=${encodeURIComponent(server.token)}`);
    ws.on('error', reject);
    ws.on('close', (code) => reject(new Error(`socket closed (${code}) before the answer`)));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'request', id: 1, method, params })));
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { type: string; id?: number; ok: boolean; result?: unknown; error?: { message: string } };
      if (msg.type !== 'response' || msg.id !== 1) return;
      ws.removeAllListeners('close');
      ws.close();
      resolve(msg);
    });
  });
}

describe('browser mode: a big import file reaches the host in one message', () => {
  let host: StageHost | undefined;
  let server: WebServer | undefined;
  afterEach(async () => {
    await server?.close();
    await host?.close();
  });

  it('previews a 10,000-product CSV (over 1 MB) sent from the studio', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-webimport-'));
    host = await createHost({ dataDir, locale: 'zh-CN', seedsDir: null, log: () => {}, resume: false });
    server = await startWebServer({ host, staticDir: dataDir, port: 0, log: () => {} });
    const rows = Array.from({ length: 10_000 }, (_, i) => `p-${i},不粘锅 第${i}号 加厚款 家用炒菜锅 燃气电磁炉通用,${(i % 500) + 9.9},${(i % 500) + 29.9},"不粘,耐磨,易清洗",${i % 300}`);
    const text = ['id,name,price,original_price,selling_points,stock', ...rows].join('\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(1024 * 1024);
    const reply = await call(server, 'library.importPreview', { format: 'csv', text });
    expect(reply.error?.message).toBeUndefined();
    expect(reply.ok).toBe(true);
    const preview = reply.result as { errors: unknown[]; summary: { products: number } };
    expect(preview.errors).toEqual([]);
    expect(preview.summary.products).toBe(10_000);
  });
});
