import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRunRows, launchChromium, type AsRunRow } from '../support/browser-mode';

/** Built renderer: STAGEHOST_RENDERER_DIR, else out/renderer (`npm run build:web`). */
const staticDir = process.env.STAGEHOST_RENDERER_DIR ?? 'out/renderer';



async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

interface Started {
  child: ChildProcess;
  stageUrl: string;
  studioUrl: string;
  readyAt: number;
}

/** The real host in browser mode on a fixed port (a restart must come back at the same address). */
async function startHostOn(port: number, dataDir: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/host/web-main.ts', '--static-dir', staticDir, '--port', String(port), '--data-dir', dataDir, '--lang', 'zh-CN'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STAGEHOST_KEY_DIR: dataDir } },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start within 30 s:\n${out}`)), 30_000);
    child.stdout!.on('data', () => {
      const studio = /Studio: (\S+)/.exec(out)?.[1];
      const stage = /Stage: +(\S+)/.exec(out)?.[1];
      if (studio && stage) {
        clearTimeout(timer);
        resolve({ child, stageUrl: stage, studioUrl: studio, readyAt: Date.now() });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
  });
}

async function until<T>(fn: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('restart: SIGKILL mid-line in browser mode, the log continues', () => {
  let browser: Browser;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  });

  it('comes back on air in the same block and the as-run log continues within 5 s of the host being back', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-restart-'));
    const port = await freePort();
    const first = await startHostOn(port, dataDir);
    children.push(first.child);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const studio = await context.newPage();
    await studio.goto(first.studioUrl);
    const popup = context.waitForEvent('page');
    await studio.getByTestId('go-live').click();
    await popup;

    // Mid-line: a line has started and not ended; then the host dies without a word.
    const killed = await until(() => asRunRows(dataDir).find((r) => r.outcome === 'on-air' && r.started_at !== null), 30_000);
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<void>((r) => first.child.once('exit', () => r()));
    first.child.kill('SIGKILL');
    await exited;

    const second = await startHostOn(port, dataDir);
    children.push(second.child);
    const afterKill = (): AsRunRow | undefined => asRunRows(dataDir).find((r) => r.id > killed.id && r.started_at !== null);

    // The stage page re-attaches by itself when its WebSocket reconnects (same address, same pairing token).
    const next = await until(afterKill, 5_000 + 1_000);
    const rows = asRunRows(dataDir);
    expect(next.started_at! - second.readyAt).toBeLessThan(5_000);
    expect(next.block_id).toBe(killed.block_id);
    expect(rows.find((r) => r.id === killed.id)).toMatchObject({ outcome: 'interrupted', note: 'the host stopped while this line was on air' });
    await context.close();
    second.child.kill('SIGTERM');
  });
});
