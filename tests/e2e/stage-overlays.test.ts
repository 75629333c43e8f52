import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

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
}

/** Waits until card, caption (with a current word) and label are all up, then measures them in the page. */
async function waitForOverlays(stage: Page): Promise<Layout> {
  await stage.waitForFunction(
    () =>
      document.querySelector('.stage-card--on [data-testid="product-card-name"]') !== null &&
      document.querySelector('.stage-caption--on .stage-caption__word--current') !== null,
    undefined,
    { timeout: 40_000, polling: 100 },
  );
  // Let the fade-in transitions finish.
  await stage.waitForTimeout(400);
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
}

describe('stage overlays: product card, word-by-word captions and the AI label', () => {
  let host: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startHost({ lang: 'zh-CN' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows them in portrait and landscape, placed inside the frame', { timeout: 90_000 }, async () => {
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

    await studio.getByTestId('stop').click();
    await context.close();
  });
});
