import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageSnapshot } from '../../renderer/stage/runtime';
import { launchChromium, startHost, type RunningHost, uploadAvatar } from '../support/browser-mode';
import { morphHeadGlb, OCULUS_NAMES } from '../support/glb';

async function upload(studioUrl: string, fileName: string, bytes: Uint8Array): Promise<string> {
  const up = await uploadAvatar(studioUrl, fileName, bytes);
  expect(up.status).toBe(200);
  return up.body.item!.id;
}

const snapshot = (stage: Page): Promise<StageSnapshot> => stage.evaluate(() => window.__stagehostStage!.snapshot());

describe('an avatar the stage cannot load reaches the merchant', () => {
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

  it('the studio says which avatar failed and why, and that the previous one stays on air', { timeout: 120_000 }, async () => {
    const stage = await browser.newPage({ viewport: { width: 540, height: 960 } });
    await stage.goto(host.stageUrl);
    await expect.poll(async () => (await snapshot(stage)).framesRendered, { timeout: 20_000 }).toBeGreaterThan(5);

    const studio = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await studio.goto(host.studioUrl);
    await studio.getByTestId('open-settings').click();
    await studio.getByTestId('settings-tab-avatars').click();
    await expect.poll(() => studio.getByTestId('avatars-section').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await studio.getByTestId('avatar-load-problem').count()).toBe(0);

    // A valid GLB whose texture cannot be decoded: only the stage finds out, when it loads it.
    const brokenId = await upload(host.studioUrl, 'broken-skin.glb', morphHeadGlb(OCULUS_NAMES, {}, { brokenTexture: true }));
    await studio.getByTestId(`avatar-use-${brokenId}`).click();
    await expect.poll(async () => (await snapshot(stage)).avatar.failedId, { timeout: 30_000 }).toBe(brokenId);
    expect((await snapshot(stage)).avatar.id).toBeNull(); // the built-in host stays on air

    const alert = studio.getByTestId('avatar-load-problem');
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
    const text = await alert.innerText();
    expect(text).toContain('broken-skin.glb');
    expect(text).toMatch(/texture/i);
    expect(text).toContain('The previous avatar stays on air');

    // Back to the built-in host: the stage says it is fine, the alert goes.
    await studio.getByTestId('avatar-use-built-in').click();
    await expect.poll(() => alert.count(), { timeout: 15_000 }).toBe(0);
  });
});
