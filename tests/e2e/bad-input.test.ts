import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost } from '../support/browser-mode';

describe('bad input at start: a clear message, never a blank window', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sets a damaged library file aside, keeps a copy, and tells the merchant in the studio', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-corrupt-'));
    writeFileSync(join(dataDir, 'stagehost.db'), Buffer.from('this is not a database '.repeat(200)));
    const host = await startHost({ dataDir, lang: 'zh-CN' });
    try {
      const backup = readdirSync(dataDir).find((f) => f.startsWith('stagehost.db.corrupt-'));
      expect(backup).toBeDefined();
      const page = await browser.newPage();
      await page.goto(host.studioUrl);
      const notice = page.getByTestId('notice-library-recovered');
      await expect.poll(() => notice.count(), { timeout: 20_000 }).toBe(1);
      expect(await notice.textContent()).toContain(backup!);
      expect(await page.getByTestId('go-live').count()).toBe(1); // the studio works
      await page.close();
    } finally {
      await host.stop();
    }
  });

  it('refuses a data folder it cannot write, naming the folder', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stagehost-baddir-')), 'a-file');
    writeFileSync(file, 'not a folder');
    const dataDir = join(file, 'data');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/host/web-main.ts', '--static', '--port', '0', '--data-dir', dataDir], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, STAGEHOST_KEY_DIR: tmpdir() },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('StageHost could not start');
    expect(r.stderr).toContain(dataDir);
  });
});
