import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

function db<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(join(dataDir, 'stagehost.db'), { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

/** Picks an option of an antd Select by typing its label and pressing Enter. */
async function pick(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-item-option-active', { hasText: text }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Drags with the mouse from one point to another in small steps (what a merchant's hand does). */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

const ZH_DAY: Record<string, string> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' };

describe('studio playlists and plan in browser mode', () => {
  let host: RunningHost;
  let browser: Browser;
  beforeAll(async () => {
    host = await startHost({ lang: 'zh-CN' });
    browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('makes a playlist, orders it by drag and by buttons, puts it on today for the whole day past a conflict, and saves the plan', { timeout: 300_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const studio = await context.newPage();
    const missing: string[] = [];
    const errors: string[] = [];
    studio.on('console', (m) => {
      if (m.text().startsWith('i18n: missing key')) missing.push(m.text());
    });
    studio.on('pageerror', (e) => errors.push(e.message));
    await studio.goto(host.studioUrl);

    // --- Playlists -------------------------------------------------------------------------
    await studio.getByTestId('tab-playlists').click();
    await studio.getByTestId('new-playlist').click();
    await expect.poll(() => studio.getByText('这个列表还是空的').count()).toBe(1);
    await studio.getByTestId('playlist-name').fill('晚间特卖');
    for (const title of ['关注提醒', '煎锅·卖点介绍', '欢迎语']) {
      await pick(studio, studio.getByTestId('add-item-target'), title);
      await studio.getByTestId('add-item').click();
    }
    const labels = () => studio.getByTestId('item-label').allInnerTexts();
    await expect.poll(async () => (await labels()).map((l) => l.split(' · ')[0])).toEqual(['关注提醒', '煎锅·卖点介绍', '欢迎语']);

    // Drag the third item (by its handle) above the first.
    const handles = studio.getByTestId('item-drag');
    const first = await centre(studio.getByTestId('playlist-item').nth(0));
    await drag(studio, await centre(handles.nth(2)), { x: (await centre(handles.nth(2))).x, y: first.y - 12 });
    await expect.poll(async () => (await labels()).map((l) => l.split(' · ')[0])).toEqual(['欢迎语', '关注提醒', '煎锅·卖点介绍']);
    // And with the keyboard-accessible buttons: the first one down.
    await studio.getByTestId('item-down').first().click();
    await expect.poll(async () => (await labels()).map((l) => l.split(' · ')[0])).toEqual(['关注提醒', '欢迎语', '煎锅·卖点介绍']);
    // Removing an item can be undone.
    await studio.getByTestId('item-remove').nth(2).click();
    await expect.poll(() => studio.getByTestId('playlist-item').count()).toBe(2);
    await studio.getByTestId('playlists-page').getByTestId('undo').click();
    await expect.poll(() => studio.getByTestId('playlist-item').count()).toBe(3);
    await studio.getByTestId('playlist-shuffle').click();
    await studio.getByTestId('add-rule').click();
    await expect.poll(() => studio.getByTestId('playlist-rule').count()).toBe(1);
    await studio.getByTestId('playlist-save').click();

    const stored = () =>
      db<{ script_id: string }>(host.dataDir, "SELECT i.script_id FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id WHERE p.name = '晚间特卖' ORDER BY i.position").map(
        (r) => r.script_id,
      );
    await expect.poll(stored).toEqual(['s-follow', 's-welcome', 's-pan-1']);
    const [{ id: playlistId, shuffle, options }] = db<{ id: string; shuffle: number; options: string }>(host.dataDir, "SELECT id, shuffle, options FROM playlists WHERE name = '晚间特卖'") as [
      { id: string; shuffle: number; options: string },
    ];
    expect(shuffle).toBe(1);
    expect(JSON.parse(options)).toMatchObject({ rules: [{ kind: 'interval', minMinutes: 10, maxMinutes: 15, source: { scriptId: 's-follow' } }] });
    await expect.poll(() => studio.getByTestId('playlist-save').isDisabled()).toBe(true);

    // The host refuses deleting the demo playlist the plan uses, and the studio says why.
    await studio.getByTestId('playlist-row').filter({ hasText: '全天轮播' }).click();
    await studio.getByTestId('playlist-delete').click();
    await studio.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => studio.getByTestId('playlist-error').innerText()).toContain('全天直播');
    await studio.getByTestId('playlist-row').filter({ hasText: '晚间特卖' }).click();
    await studio.waitForTimeout(300);
    await studio.screenshot({ path: 'test-results/studio-playlists.png', fullPage: true });

    // --- Plan ------------------------------------------------------------------------------
    await studio.getByTestId('tab-plan').click();
    const todayRow = studio.locator('[data-testid^="timeline-row-"]', { has: studio.getByTestId('now-marker') });
    await expect.poll(() => todayRow.count()).toBe(1);
    const today = (await todayRow.getAttribute('data-testid'))!.replace('timeline-row-', '');
    const track = studio.getByTestId(`track-${today}`);
    const box = (await track.boundingBox())!;
    const at = (minute: number) => ({ x: box.x + (box.width * minute) / 1440, y: box.y + box.height / 2 });
    const oldBlock = todayRow.locator(`[data-block-id="blk-${today}-all-day"]`);

    // The demo plan plays all day: shorten today's block to the morning with its editor (keyboard: focus + Enter).
    await oldBlock.focus();
    await studio.keyboard.press('Enter');
    await pick(studio, studio.getByTestId('block-end'), '12:00');
    await studio.getByTestId('block-ok').click();
    await expect.poll(() => todayRow.getByTestId('timeline-gap').count()).toBe(1);

    // Draw a block 10:00–18:00 by dragging on the timeline (from the empty afternoon leftwards), for the new
    // playlist: it overlaps the morning block.
    await drag(studio, at(18 * 60), at(10 * 60));
    await expect.poll(() => studio.getByTestId('block-start').innerText()).toContain('10:00');
    expect(await studio.getByTestId('block-end').innerText()).toContain('18:00');
    await pick(studio, studio.getByTestId('block-playlist'), '晚间特卖');
    await studio.getByTestId('block-ok').click();
    const newBlock = todayRow.getByTestId('timeline-block').filter({ hasText: '晚间特卖' });
    await expect.poll(() => newBlock.innerText()).toContain('10:00–18:00');
    await expect.poll(() => todayRow.getByTestId('timeline-conflict').count()).toBe(1);
    await expect.poll(() => studio.getByTestId('plan-problem').filter({ hasText: '时段重叠' }).count()).toBe(1);
    const overlap = studio.getByTestId('plan-problem').filter({ hasText: '时段重叠' });
    expect(await overlap.innerText()).toContain(`${ZH_DAY[today]} › 10:00–12:00`);
    expect(await overlap.innerText()).toContain('时段“全天轮播 00:00–12:00”');
    // Clicking the problem opens the block that loses the overlap.
    await overlap.click();
    await expect.poll(() => studio.getByTestId('block-playlist').innerText()).toContain('全天轮播');
    await studio.keyboard.press('Escape');
    await expect.poll(() => studio.getByTestId('block-playlist').count()).toBe(0);
    await studio.screenshot({ path: 'test-results/studio-plan-conflict.png', fullPage: true });

    // Fix it: move the new block two hours later, then stretch it to midnight.
    await drag(studio, await centre(newBlock), { x: (await centre(newBlock)).x + (box.width * 120) / 1440, y: box.y + box.height / 2 });
    await expect.poll(() => newBlock.innerText()).toContain('12:00–20:00');
    await expect.poll(() => todayRow.getByTestId('timeline-conflict').count()).toBe(0);
    await expect.poll(() => studio.getByTestId('plan-no-problems').count()).toBe(1);
    await drag(studio, await centre(newBlock.getByTestId('block-edge-end')), { x: box.x + box.width + 30, y: box.y + box.height / 2 });
    await expect.poll(() => newBlock.innerText()).toContain('12:00–24:00');

    // The whole day: delete the morning block (undo once to see it come back), then stretch the new one to 00:00.
    await oldBlock.focus();
    await studio.keyboard.press('Enter');
    await studio.getByTestId('block-delete').click();
    await expect.poll(() => oldBlock.count()).toBe(0);
    await studio.getByTestId('plan-page').getByTestId('undo').click();
    await expect.poll(() => oldBlock.count()).toBe(1);
    await oldBlock.focus();
    await studio.keyboard.press('Enter');
    await studio.getByTestId('block-delete').click();
    await expect.poll(() => oldBlock.count()).toBe(0);
    await drag(studio, await centre(newBlock.getByTestId('block-edge-start')), { x: box.x - 30, y: box.y + box.height / 2 });
    await expect.poll(() => newBlock.innerText()).toContain('00:00–24:00');
    await expect.poll(() => todayRow.getByTestId('timeline-gap').count()).toBe(0);
    await expect.poll(() => studio.getByTestId('plan-no-problems').count()).toBe(1);

    // Nothing is stored until Save; then the host has the block.
    expect(db<{ playlist_id: string }>(host.dataDir, 'SELECT playlist_id FROM plan_blocks WHERE weekday = ?', today).map((r) => r.playlist_id)).toEqual(['pl-main']);
    await studio.getByTestId('plan-save').click();
    await expect
      .poll(() => db<{ start_time: string; end_time: string; playlist_id: string }>(host.dataDir, 'SELECT start_time, end_time, playlist_id FROM plan_blocks WHERE weekday = ?', today))
      .toEqual([{ start_time: '00:00', end_time: '24:00', playlist_id: playlistId }]);
    expect(db<{ n: number }>(host.dataDir, "SELECT COUNT(*) AS n FROM plan_blocks WHERE playlist_id = 'pl-main'")[0]!.n).toBe(6);
    await studio.waitForTimeout(400);
    await studio.screenshot({ path: 'test-results/studio-plan.png', fullPage: true });

    // Re-opened, the studio shows the saved plan.
    await studio.reload();
    await studio.getByTestId('tab-plan').click();
    await expect.poll(() => studio.getByTestId(`timeline-row-${today}`).getByTestId('timeline-block').filter({ hasText: '晚间特卖' }).count()).toBe(1);

    // A special day (11-11-2026 is a Wednesday): it starts as a copy of Wednesday and gets its own name.
    await studio.getByTestId('override-date').click();
    await studio.keyboard.type('2026-11-11');
    await studio.keyboard.press('Enter');
    await studio.getByTestId('add-override').click();
    const overrideRow = studio.getByTestId('timeline-row-2026-11-11');
    await expect.poll(() => overrideRow.getByTestId('timeline-block').innerText()).toContain('全天轮播');
    await studio.getByTestId('override-name').fill('双十一');
    await studio.getByTestId('plan-save').click();
    const planOptions = () => JSON.parse(db<{ options: string }>(host.dataDir, 'SELECT options FROM plans WHERE active = 1')[0]!.options) as { overrides?: Array<{ date: string; name: string; blocks: unknown[] }> };
    await expect.poll(() => planOptions().overrides?.map((o) => [o.date, o.name, o.blocks.length])).toEqual([['2026-11-11', '双十一', 1]]);

    // Copy today to the next day (one click per day in the dialog); saved, both days play the new playlist.
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    const tomorrow = days[(days.indexOf(today) + 1) % 7]!;
    await studio.getByTestId(`copy-${today}`).click();
    await studio.getByTestId('copy-days').getByText(ZH_DAY[tomorrow]!, { exact: true }).click();
    await studio.getByTestId('copy-ok').click();
    await expect.poll(() => studio.getByTestId(`timeline-row-${tomorrow}`).getByTestId('timeline-block').filter({ hasText: '晚间特卖' }).count()).toBe(1);
    await studio.getByTestId('plan-save').click();
    await expect
      .poll(() => db<{ weekday: string; playlist_id: string }>(host.dataDir, 'SELECT weekday, playlist_id FROM plan_blocks WHERE playlist_id = ? ORDER BY weekday', playlistId).map((r) => r.weekday))
      .toEqual([today, tomorrow].sort());

    // The same pages in English, with no missing key.
    await studio.getByText('English', { exact: true }).click();
    await expect.poll(() => studio.getByText('Weekly plan').count()).toBe(1);
    await expect.poll(() => studio.getByText('Special days').count()).toBe(1);
    await studio.getByTestId('tab-playlists').click();
    await expect.poll(() => studio.getByText('What it plays').count()).toBe(1);
    await studio.screenshot({ path: 'test-results/studio-playlists-en.png', fullPage: true });

    expect(missing).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers an all-day plan when the store has none', { timeout: 120_000 }, async () => {
    // A store whose plan was removed (e.g. an imported library without one).
    const first = await startHost({ lang: 'en-US' });
    await first.stop();
    const w = new Database(join(first.dataDir, 'stagehost.db'));
    w.prepare('DELETE FROM plans').run();
    w.close();
    const bare = await startHost({ dataDir: first.dataDir, lang: 'en-US' });
    try {
      const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      const studio = await context.newPage();
      await studio.goto(`${bare.studioUrl}${bare.studioUrl.includes('?') ? '&' : '?'}lang=en-US`);
      await studio.getByTestId('tab-plan').click();
      await expect.poll(() => studio.getByText('There is no plan yet').count()).toBe(1);
      await studio.getByTestId('create-plan').click();
      await expect.poll(() => studio.getByTestId('timeline-block').count()).toBe(7);
      const rows = db<{ weekday: string; start_time: string; end_time: string }>(bare.dataDir, 'SELECT weekday, start_time, end_time FROM plan_blocks');
      expect(rows).toHaveLength(7);
      expect(rows.every((r) => r.start_time === '00:00' && r.end_time === '24:00')).toBe(true);
      await context.close();
    } finally {
      await bare.stop();
    }
  });
});
