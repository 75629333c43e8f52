import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LibrarySnapshot } from '../../shared/domain';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

/** Calls a host method as the studio would, over the browser-mode WebSocket with the pairing token. */
async function callHost<T>(host: RunningHost, method: string, params: unknown): Promise<T> {
  const studio = new URL(host.studioUrl);
  const ws = new WebSocket(`ws://${studio.host}/host?page=studio&token=${encodeURIComponent(studio.searchParams.get('token') ?? '')}`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise<T>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString()) as { type: string; id?: number; ok?: boolean; result?: unknown; error?: { message: string } };
        if (msg.type !== 'response' || msg.id !== 1) return;
        if (msg.ok) resolve(msg.result as T);
        else reject(new Error(msg.error?.message ?? 'host call failed'));
      });
      ws.send(JSON.stringify({ type: 'request', id: 1, method, params }));
    });
  } finally {
    ws.close();
  }
}

describe('a time-limited offer set on a product counts down on its card', () => {
  let host: RunningHost;
  let browser: Browser;
  beforeAll(async () => {
    host = await startHost({ lang: 'en-US' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('the merchant picks the end in the product drawer; on air, the card counts down to it', { timeout: 120_000 }, async () => {
    // The day after tomorrow at 21:00, local time (browser and host run on this machine).
    const end = new Date();
    end.setDate(end.getDate() + 2);
    end.setHours(21, 0, 0, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    const typed = `${end.getFullYear()}-${pad(end.getMonth() + 1)}-${pad(end.getDate())} 21:00`;

    const studio = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await studio.goto(host.studioUrl);
    await expect.poll(() => studio.locator('[data-testid="products"] tbody tr.ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const before = await callHost<LibrarySnapshot>(host, 'library.snapshot', {});
    const first = before.products[0]!;
    expect(first.offerEndsAt).toBeUndefined();

    await studio.getByTestId('edit-product').first().click();
    const picker = studio.getByTestId('product-offer-ends');
    await picker.click();
    await picker.fill(typed);
    await studio.locator('.ant-picker-ok button').click();
    await studio.getByTestId('product-save').click();
    await expect
      .poll(async () => (await callHost<LibrarySnapshot>(host, 'library.snapshot', {})).products.find((p) => p.id === first.id)?.offerEndsAt ?? null, { timeout: 10_000 })
      .not.toBeNull();
    const saved = (await callHost<LibrarySnapshot>(host, 'library.snapshot', {})).products.find((p) => p.id === first.id)!;
    expect(Date.parse(saved.offerEndsAt!)).toBe(end.getTime());
    expect(saved.name).toBe(first.name); // nothing else changed
    expect(saved.price).toBe(first.price);
    // The same offer on the other products, so whichever product's card is up shows it.
    for (const p of before.products.slice(1)) await callHost(host, 'library.upsertProduct', { product: { ...p, offerEndsAt: saved.offerEndsAt } });

    const stage = await browser.newPage({ viewport: { width: 540, height: 960 } });
    await stage.goto(host.stageUrl);
    await callHost(host, 'playout.goLive', {});
    const countdown = stage.locator('.stage-card--on [data-testid="product-card-countdown"]');
    await expect.poll(() => countdown.count(), { timeout: 60_000 }).toBe(1);
    const text = await countdown.innerText();
    const m = /Offer ends in (\d+):(\d\d):(\d\d)/.exec(text);
    expect(m, text).not.toBeNull();
    const shownMs = ((Number(m![1]) * 60 + Number(m![2])) * 60 + Number(m![3])) * 1000;
    expect(Math.abs(shownMs - (end.getTime() - Date.now()))).toBeLessThan(30_000);
    await callHost(host, 'playout.stop', {});
  });

  it('the merchant gives a script a mood in the script drawer; it is saved with the script', { timeout: 60_000 }, async () => {
    const studio = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await studio.goto(host.studioUrl);
    const item = studio.getByTestId('general-scripts').getByTestId('script-item').first();
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    const general = (await callHost<LibrarySnapshot>(host, 'library.snapshot', {})).scripts.find((sc) => sc.productId === null)!;
    expect(await item.innerText()).toContain(general.title);
    expect(general.emotion).toBeUndefined();
    await item.getByRole('button', { name: 'Edit' }).click();
    await studio.getByTestId('script-emotion').click();
    await studio.locator('.ant-select-item-option', { hasText: 'Excited' }).click();
    await studio.getByTestId('script-save').click();
    await expect
      .poll(async () => (await callHost<LibrarySnapshot>(host, 'library.snapshot', {})).scripts.filter((sc) => sc.emotion !== undefined).map((sc) => [sc.id, sc.emotion]), { timeout: 10_000 })
      .toEqual([[general.id, 'excited']]);
    const saved = (await callHost<LibrarySnapshot>(host, 'library.snapshot', {})).scripts.find((sc) => sc.id === general.id)!;
    expect({ ...saved, emotion: undefined }).toEqual({ ...general, emotion: undefined }); // nothing else changed
  });
});
