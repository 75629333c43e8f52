import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weekday } from '../../shared/domain';
import type { StoreBundleContent } from '../../shared/import';
import { asRunRows, launchChromium, startHost, type RunningHost } from '../support/browser-mode';
import { emptyDataDir } from '../support/empty-library';
import { connectHost, type HostClient } from '../support/host-client';
import { pickOption, poll, watchConsole, withDiagnostics } from '../support/studio-ui';

function db<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(join(dataDir, 'stagehost.db'), { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

/** Everything the merchant made, as the host tells a studio: the snapshot and the whole-store bundle (without its export time). */
async function content(client: HostClient) {
  const snapshot = await client.call('library.snapshot', {});
  const { exportedAt: _exportedAt, ...bundle } = JSON.parse((await client.call('library.exportBundle', {})).json) as StoreBundleContent;
  return { snapshot, bundle };
}

/** Milliseconds until the next midnight in `timeZone`. */
function msToMidnight(timeZone: string, now = Date.now()): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(now);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return ((24 - (n('hour') % 24)) * 3600 - n('minute') * 60 - n('second')) * 1000 - (now % 1000);
}

/**
 * The journey plans "today" from 00:00 to 24:00 in the store's time zone and then goes live: a run
 * that crossed that midnight would go live on a day without the block. Start after midnight instead.
 */
async function startClearOfMidnight(timeZone: string, journeyMs: number): Promise<void> {
  const left = msToMidnight(timeZone);
  if (left < journeyMs) await new Promise((r) => setTimeout(r, left + 5_000));
}
const JOURNEY_MAX_MS = 4 * 60_000;

const PRODUCT = '旅行保温杯';
const SCRIPT = '旅行保温杯口播';
const PLAYLIST = '保温杯专场';
const TYPED = '感谢大家来到直播间，喜欢的点个关注！';

describe('the merchant’s whole journey in the studio (browser mode)', () => {
  const hosts: RunningHost[] = [];
  const clients: HostClient[] = [];
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await browser?.close();
    for (const h of hosts) await h.stop();
  });

  it(
    'product → script with a variable and a variant → banned word fixed → Listen → new playlist → today’s plan → Go live → typed insert airs next → stop → export → import into an empty data dir gives identical content',
    { timeout: 300_000 + JOURNEY_MAX_MS },
    async () => {
      await startClearOfMidnight('Asia/Shanghai', JOURNEY_MAX_MS); // the zh-CN seed's plan time zone
      const a = await startHost({ lang: 'zh-CN' });
      hosts.push(a);
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
      const studio = await context.newPage();
      const seen = watchConsole(studio);
      const { scriptId, playlistId, today, bundlePath, exported } = await withDiagnostics(studio, seen, 'journey-host-a', async () => {
        await studio.goto(a.studioUrl);
        await poll(() => studio.locator('[data-testid="products"] tbody tr.ant-table-row').count(), 30_000).toBeGreaterThanOrEqual(5);

        // --- A product --------------------------------------------------------------------------
        await studio.getByTestId('new-product').click();
        await studio.getByTestId('product-name').fill(PRODUCT);
        await studio.getByTestId('product-price').fill('88');
        await studio.getByTestId('product-points').fill('保温12小时\n316不锈钢');
        await studio.getByTestId('product-save').click();
        await poll(() => db<{ price: number }>(a.dataDir, 'SELECT price FROM products WHERE name = ?', PRODUCT)).toEqual([{ price: 88 }]);
        const row = studio.locator('[data-testid="products"] tr.ant-table-row', { hasText: PRODUCT });
        await poll(() => row.count()).toBe(1);

        // --- Its script: a variable from the picker, a variant, a banned word seen and fixed --------
        await row.locator('.ant-table-row-expand-icon').click();
        await studio.locator('[data-testid="products"] [data-testid="new-script"]').first().click();
        await studio.getByTestId('script-title').fill(SCRIPT);
        const body = studio.getByTestId('script-body');
        await body.fill('这是最好的杯子，只要');
        await body.press('End');
        await studio.getByTestId('insert-variable').hover();
        await studio.getByRole('menuitem', { name: '{{product.price}}' }).click();
        await poll(() => body.inputValue()).toBe('这是最好的杯子，只要{{product.price}}');
        await body.press('End');
        await body.pressSequentially('元！{快来抢|先到先得}');
        await poll(() => studio.getByTestId('lint-live-hit').allInnerTexts()).toEqual([expect.stringContaining('最好')]);
        await body.fill((await body.inputValue()).replace('最好', '很棒'));
        await poll(() => studio.getByTestId('lint-live-hit').count()).toBe(0);
        const lines = studio.getByTestId('preview-line');
        await poll(() => lines.count()).toBe(2);
        expect((await lines.nth(0).innerText()).trim()).toBe('这是很棒的杯子，只要88元！');
        expect(['快来抢', '先到先得']).toContain((await lines.nth(1).innerText()).trim());

        // Listen: the host renders the line and the preview stage plays it with a moving mouth.
        await studio.getByTestId('preview-listen').first().click();
        const preview = studio.getByTestId('preview-stage');
        await poll(async () => ((await preview.count()) === 0 ? 'no preview stage' : preview.getAttribute('data-state')), 60_000).toBe('done');
        expect(Number(await preview.getAttribute('data-mouth-peak'))).toBeGreaterThan(0.15);

        await studio.getByTestId('script-save').click();
        await poll(() => db<{ body: string }>(a.dataDir, 'SELECT body FROM scripts WHERE title = ?', SCRIPT).map((s) => s.body))
          .toEqual(['这是很棒的杯子，只要{{product.price}}元！{快来抢|先到先得}']);
        const [{ id: scriptId, product_id: scriptProduct }] = db<{ id: string; product_id: string }>(a.dataDir, 'SELECT id, product_id FROM scripts WHERE title = ?', SCRIPT) as [
          { id: string; product_id: string },
        ];
        expect(db<{ id: string }>(a.dataDir, 'SELECT id FROM products WHERE name = ?', PRODUCT).map((p) => p.id)).toEqual([scriptProduct]);

        // --- A new playlist with the script -----------------------------------------------------
        await studio.getByTestId('tab-playlists').click();
        await studio.getByTestId('new-playlist').click();
        await studio.getByTestId('playlist-name').fill(PLAYLIST);
        await pickOption(studio, studio.getByTestId('add-item-target'), SCRIPT);
        await studio.getByTestId('add-item').click();
        await poll(async () => (await studio.getByTestId('item-label').allInnerTexts()).map((l) => l.split(' · ')[0])).toEqual([SCRIPT]);
        await studio.getByTestId('playlist-save').click();
        await poll(() => db<{ script_id: string }>(a.dataDir, 'SELECT i.script_id FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id WHERE p.name = ?', PLAYLIST).map((r) => r.script_id))
          .toEqual([scriptId]);
        const [{ id: playlistId }] = db<{ id: string }>(a.dataDir, 'SELECT id FROM playlists WHERE name = ?', PLAYLIST) as [{ id: string }];

        // --- Today, the whole day, plays it -----------------------------------------------------
        await studio.getByTestId('tab-plan').click();
        const todayRow = studio.locator('[data-testid^="timeline-row-"]', { has: studio.getByTestId('now-marker') });
        await poll(() => todayRow.count()).toBe(1);
        const today = (await todayRow.getAttribute('data-testid'))!.replace('timeline-row-', '') as Weekday;
        // Replace whatever today holds (not yesterday's block running past midnight): open each block (keyboard: focus + Enter) and delete it.
        const ownBlocks = todayRow.locator(`[data-testid="timeline-block"][data-day="${today}"]`);
        for (let n = await ownBlocks.count(); n > 0; n = await ownBlocks.count()) {
          await ownBlocks.first().focus();
          await studio.keyboard.press('Enter');
          await studio.getByTestId('block-delete').click();
          await poll(() => ownBlocks.count()).toBe(n - 1);
        }
        await studio.getByTestId(`add-block-${today}`).click();
        await pickOption(studio, studio.getByTestId('block-start'), '00:00');
        await pickOption(studio, studio.getByTestId('block-end'), '24:00');
        await pickOption(studio, studio.getByTestId('block-playlist'), PLAYLIST);
        await studio.getByTestId('block-ok').click();
        const newBlock = todayRow.getByTestId('timeline-block').filter({ hasText: PLAYLIST });
        await poll(() => newBlock.innerText()).toContain('00:00–24:00');
        await poll(() => todayRow.getByTestId('timeline-gap').count()).toBe(0);
        await poll(() => studio.getByTestId('plan-no-problems').count()).toBe(1);
        await studio.getByTestId('plan-save').click();
        await poll(() => db<{ start_time: string; end_time: string; playlist_id: string }>(a.dataDir, 'SELECT start_time, end_time, playlist_id FROM plan_blocks WHERE weekday = ?', today))
          .toEqual([{ start_time: '00:00', end_time: '24:00', playlist_id: playlistId }]);
        await poll(() => studio.getByTestId('plan-save').isDisabled()).toBe(true);

        // --- Go live: the new playlist airs -----------------------------------------------------
        await studio.getByTestId('tab-home').click();
        const popup = context.waitForEvent('page');
        await studio.getByTestId('go-live').click();
        const stage = await popup;
        await stage.waitForLoadState('domcontentloaded');
        const aired = () => asRunRows(a.dataDir).filter((r) => r.outcome === 'aired');
        // Both lines of the script (the playlist loops it), from the new playlist only.
        await poll(() => aired().filter((r) => r.script_id === scriptId).length, 90_000).toBeGreaterThanOrEqual(2);
        expect(aired().map((r) => r.text)).toContain('这是很棒的杯子，只要88元！');
        expect(asRunRows(a.dataDir).filter((r) => r.script_id !== scriptId)).toEqual([]);

        // A typed line goes on air next, after the line that was on air.
        await studio.getByTestId('insert-text').fill(TYPED);
        const onAirAtInsert = asRunRows(a.dataDir).filter((r) => r.started_at !== null).at(-1)!;
        await studio.getByTestId('insert-next').click();
        await poll(() => asRunRows(a.dataDir).find((r) => r.text === TYPED)?.outcome, 60_000).toBe('aired');
        const log = asRunRows(a.dataDir);
        const inserted = log.find((r) => r.text === TYPED)!;
        const between = log.filter((r) => r.id !== inserted.id && r.started_at !== null && r.started_at > onAirAtInsert.started_at! && r.started_at < inserted.started_at!);
        // At most the one line that was already cued when the merchant pressed the button.
        expect(between.length).toBeLessThanOrEqual(1);
        await poll(() => studio.locator('[data-testid="as-run"] tr', { hasText: TYPED }).count()).toBe(1);
        await studio.screenshot({ path: 'test-results/journey-on-air.png', fullPage: true });

        await studio.getByTestId('stop').click();
        await poll(() => studio.getByTestId('playout-status').textContent()).toBe('未开播');
        await stage.close();

        // --- Export the store -------------------------------------------------------------------
        const download = studio.waitForEvent('download');
        await studio.getByTestId('export').click();
        const file = await download;
        expect(file.suggestedFilename()).toMatch(/^stagehost-library-.*\.json$/);
        const bundlePath = join(a.dataDir, file.suggestedFilename());
        await file.saveAs(bundlePath);
        const exported = JSON.parse(readFileSync(bundlePath, 'utf8')) as StoreBundleContent;
        expect(exported.scripts.map((s) => s.id)).toContain(scriptId);
        expect(exported.playlists.map((p) => p.id)).toContain(playlistId);
        return { scriptId, playlistId, today, bundlePath, exported };
      });

      // --- Import into a host on an empty data dir, through its studio ------------------------
      const b = await startHost({ dataDir: emptyDataDir('zh-CN'), lang: 'zh-CN' });
      hosts.push(b);
      const contextB = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const studioB = await contextB.newPage();
      const seenB = watchConsole(studioB);
      await withDiagnostics(studioB, seenB, 'journey-host-b', async () => {
        await studioB.goto(b.studioUrl);
        const productsB = studioB.locator('[data-testid="products"] tbody tr.ant-table-row');
        await poll(() => studioB.locator('[data-testid="products"] .ant-empty').count(), 30_000).toBe(1);
        expect(await productsB.count()).toBe(0);
        await studioB.getByTestId('open-import').click();
        await studioB.getByTestId('import-file').setInputFiles(bundlePath);
        await poll(() => studioB.getByTestId('import-apply').isDisabled(), 30_000).toBe(false);
        expect(await studioB.getByTestId('import-summary-store').innerText()).toContain(String(exported.playlists.length));
        await studioB.screenshot({ path: 'test-results/journey-import-preview.png' });
        await studioB.getByTestId('import-apply').click();
        await poll(() => productsB.count(), 30_000).toBe(exported.products.length);
        await poll(() => studioB.locator('[data-testid="products"] tr.ant-table-row', { hasText: PRODUCT }).count()).toBe(1);

        // Identical content: the two hosts answer the same snapshot and the same whole-store bundle.
        const clientA = await connectHost(a.studioUrl);
        clients.push(clientA);
        const clientB = await connectHost(b.studioUrl);
        clients.push(clientB);
        const [contentA, contentB] = [await content(clientA), await content(clientB)];
        expect(contentA.snapshot.scripts.map((s) => s.id)).toContain(scriptId);
        expect(contentA.snapshot.plan?.days[today]).toEqual([expect.objectContaining({ start: '00:00', end: '24:00', playlistId })]);
        expect(contentB.snapshot).toEqual(contentA.snapshot);
        expect(contentB.bundle).toEqual(contentA.bundle);
        // And what was exported is what both hold.
        const { exportedAt: _at, ...exportedContent } = exported;
        expect(contentA.bundle).toEqual(exportedContent);
      });

      expect(seen.missingKeys).toEqual([]);
      expect(seen.pageErrors).toEqual([]);
      expect(seenB.missingKeys).toEqual([]);
      expect(seenB.pageErrors).toEqual([]);
      await contextB.close();
      await context.close();
    },
  );
});
