import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LibrarySnapshot } from '../../shared/domain';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

/** Calls a host method as the studio would, over the browser-mode WebSocket with the pairing token. */
async function callHost(host: RunningHost, method: string, params: unknown): Promise<unknown> {
  const studio = new URL(host.studioUrl);
  const ws = new WebSocket(`ws://${studio.host}/host?page=studio&token=${encodeURIComponent(studio.searchParams.get('token') ?? '')}`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString()) as { type: string; id?: number; ok?: boolean; result?: unknown; error?: { message: string } };
        if (msg.type !== 'response' || msg.id !== 1) return;
        if (msg.ok) resolve(msg.result);
        else reject(new Error(msg.error?.message ?? 'host call failed'));
      });
      ws.send(JSON.stringify({ type: 'request', id: 1, method, params }));
    });
  } finally {
    ws.close();
  }
}

const TICKER = '今晚九点前下单包邮 · 关注主播领取优惠券 · 每小时整点抽奖';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Layout {
  viewport: { width: number; height: number };
  label: Box | null;
  labelText: string;
  labelOnTop: boolean;
  card: Box | null;
  cardName: string;
  cardPrice: string;
  caption: Box | null;
  currentWord: string | null;
  ticker: Box | null;
  tickerText: string;
  countdown: string;
}

/** Waits until card, caption (with a current word) and label are all up, then measures them in the page. */
async function waitForOverlays(stage: Page): Promise<Layout> {
  await stage.waitForFunction(
    () =>
      document.querySelector('.stage-card--on [data-testid="product-card-name"]') !== null &&
      document.querySelector('.stage-card--on [data-testid="product-card-countdown"]') !== null &&
      document.querySelector('.stage-caption--on .stage-caption__word--current') !== null &&
      // The fade-in transitions have finished (a loaded machine may draw them late).
      document.querySelector('.stage-card--on')!.getAnimations().length === 0 &&
      document.querySelector('.stage-caption--on')!.getAnimations().length === 0,
    undefined,
    { timeout: 40_000, polling: 100 },
  );
  return stage.evaluate(() => {
    const box = (sel: string): { x: number; y: number; width: number; height: number } | null => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const label = document.querySelector('[data-testid="ai-label"]');
    const r = label?.getBoundingClientRect();
    // Not covered: what is on top at the label's corners and centre is the label itself.
    const points = r
      ? [
          [r.x + r.width / 2, r.y + r.height / 2],
          [r.x + 3, r.y + r.height / 2],
          [r.right - 3, r.y + r.height / 2],
        ]
      : [];
    // Overlays ignore the pointer; make them hit-testable while asking what is on top.
    const layers = Array.from(document.querySelectorAll<HTMLElement>('.stage > *'));
    for (const el of layers) el.style.pointerEvents = 'auto';
    const labelOnTop = points.every(([x, y]) => {
      const top = document.elementFromPoint(x!, y!);
      return top !== null && label !== null && (top === label || label.contains(top));
    });
    for (const el of layers) el.style.pointerEvents = '';
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      label: box('[data-testid="ai-label"]'),
      labelText: label?.textContent ?? '',
      labelOnTop,
      card: box('.stage-card--on'),
      cardName: document.querySelector('[data-testid="product-card-name"]')?.textContent ?? '',
      cardPrice: document.querySelector('[data-testid="product-card-price"]')?.textContent ?? '',
      caption: box('.stage-caption--on .stage-caption__text'),
      currentWord: document.querySelector('.stage-caption__word--current')?.textContent ?? null,
      ticker: box('[data-testid="ticker"]'),
      tickerText: document.querySelector('[data-testid="ticker"]')?.textContent ?? '',
      countdown: document.querySelector('[data-testid="product-card-countdown"]')?.textContent ?? '',
    };
  });
}

function inside(b: Box, v: { width: number; height: number }): boolean {
  return b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function checkLayout(l: Layout): void {
  expect(l.label).not.toBeNull();
  expect(l.labelText).toContain('AI');
  expect(inside(l.label!, l.viewport)).toBe(true);
  expect(l.labelOnTop).toBe(true);
  expect(l.card).not.toBeNull();
  expect(inside(l.card!, l.viewport)).toBe(true);
  expect(l.cardName.length).toBeGreaterThan(0);
  expect(l.cardPrice).toMatch(/[¥$]\s?\d/);
  expect(l.caption).not.toBeNull();
  expect(inside(l.caption!, l.viewport)).toBe(true);
  // Captions sit in the lower part of the frame.
  expect(l.caption!.y + l.caption!.height / 2).toBeGreaterThan(l.viewport.height * 0.6);
  expect(l.currentWord).not.toBeNull();
  // Nothing covers the label.
  expect(overlaps(l.label!, l.card!)).toBe(false);
  expect(overlaps(l.label!, l.caption!)).toBe(false);
  // The ticker: along the bottom, inside the frame, clear of the label, the caption and the card.
  expect(l.ticker).not.toBeNull();
  expect(l.tickerText).toContain(TICKER);
  expect(inside(l.ticker!, l.viewport)).toBe(true);
  expect(l.ticker!.y).toBeGreaterThan(l.viewport.height * 0.8);
  expect(overlaps(l.ticker!, l.label!)).toBe(false);
  expect(overlaps(l.ticker!, l.caption!)).toBe(false);
  expect(overlaps(l.ticker!, l.card!)).toBe(false);
  // The time-limited offer counts down from 10:00 ([countdown 10:00] in the script).
  expect(l.countdown).toMatch(/(0\d|10):[0-5]\d/);
}

describe('stage overlays: product card, word-by-word captions and the AI label', () => {
  let host: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startHost({ lang: 'zh-CN' });
    browser = await launchChromium();
    // The merchant's ticker, and a time-limited offer on every product script.
    await callHost(host, 'settings.update', { patch: { stage: { ticker: { enabled: true, text: TICKER } } } });
    const snapshot = (await callHost(host, 'library.snapshot', {})) as LibrarySnapshot;
    for (const script of snapshot.scripts.filter((sc) => sc.productId !== null)) {
      await callHost(host, 'library.upsertScript', { script: { ...script, body: `[countdown 10:00]${script.body}` } });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows them in portrait and landscape, placed inside the frame; a hidden stage stops drawing but keeps speaking', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const studio = await context.newPage();
    await studio.goto(host.studioUrl);
    await expect.poll(() => studio.locator('[data-testid="products"] tbody tr.ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(5);

    const popup = context.waitForEvent('page');
    await studio.getByTestId('go-live').click();
    const portrait = await popup;
    await portrait.setViewportSize({ width: 540, height: 960 });

    // A landscape preview stage beside the program one (muted, it follows the same cues).
    const landscape = await context.newPage();
    await landscape.setViewportSize({ width: 960, height: 540 });
    const url = new URL(portrait.url());
    url.searchParams.set('layout', 'landscape');
    url.searchParams.set('role', 'preview');
    url.searchParams.set('muted', '1');
    await landscape.goto(url.toString());

    mkdirSync('test-results', { recursive: true });
    const p = await waitForOverlays(portrait);
    await portrait.screenshot({ path: 'test-results/stage-overlays-portrait.png' });
    checkLayout(p);
    expect(p.viewport).toEqual({ width: 540, height: 960 });

    const l = await waitForOverlays(landscape);
    await landscape.screenshot({ path: 'test-results/stage-overlays-landscape.png' });
    checkLayout(l);
    expect(l.viewport).toEqual({ width: 960, height: 540 });
    // Landscape: the card is on the right, clear of the centred caption.
    expect(l.card!.x).toBeGreaterThan(l.viewport.width / 2);

    // Hidden (minimised, another tab): drawing stops, but the host keeps speaking.
    const snap = () => portrait.evaluate(() => window.__stagehostStage!.snapshot());
    await portrait.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => portrait.evaluate(() => window.__stagehostStage!.drawing()), { timeout: 5_000 }).toBe(false);
    await portrait.waitForTimeout(300);
    const hidden = await snap();
    await portrait.waitForTimeout(8_000);
    const later = await snap();
    expect(later.framesRendered - hidden.framesRendered).toBeLessThanOrEqual(1);
    expect(later.audioTimeMs - hidden.audioTimeMs).toBeGreaterThan(7_000);
    expect(later.linesStarted + later.linesEnded).toBeGreaterThan(hidden.linesStarted + hidden.linesEnded);
    // Visible again: it draws again.
    await portrait.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(async () => (await snap()).framesRendered, { timeout: 10_000 }).toBeGreaterThan(later.framesRendered + 2);

    await studio.getByTestId('stop').click();
    await context.close();
  });
});
