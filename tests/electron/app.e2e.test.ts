/**
 * End-to-end through the real Electron app (out/main/main.js, built by electron-vite): the studio
 * opens locked down, Go live opens the stage, the host speaks and the avatar's mouth moves, Stop
 * ends it. Run with `npm run test:electron` (needs the Electron binary and a display).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const mainJs = join(root, 'out', 'main', 'main.js');

interface StageSnapshot {
  mouthOpen: number;
  speaking: boolean;
  lineId: string | null;
}
interface StageWindow {
  __stagehostStage?: { snapshot(): StageSnapshot };
}
interface PlayoutStateLike {
  status: string;
}

/**
 * The Electron executable, found the way node_modules/electron/index.js finds it but without
 * requiring that file (since Electron 45 it starts a download when the binary is missing).
 */
function electronExecutable(): string {
  const require = createRequire(join(root, 'package.json'));
  const dir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = override ? join(override, name ?? 'electron') : name ? join(dir, 'dist', name) : null;
  if (!exe || !existsSync(exe)) {
    throw new Error('No Electron binary: run `node scripts/ensure-native.mjs electron` for how to install it.');
  }
  return exe;
}

async function poll<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown = null;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch (err) {
      lastError = err; // e.g. the page is reloading
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}; last error ${String(lastError)}`);
}

async function findStage(app: ElectronApplication, timeoutMs: number): Promise<Page> {
  const open = app.windows().find((p) => p.url().endsWith('/stage.html'));
  if (open) return open;
  return app.waitForEvent('window', { predicate: (p) => p.url().includes('stage.html'), timeout: timeoutMs });
}

function playoutState(studio: Page): Promise<PlayoutStateLike> {
  return studio.evaluate(() => window.stagehost!.invoke('playout.state', {}) as Promise<PlayoutStateLike>);
}

describe('StageHost in Electron', () => {
  let dataDir: string;
  let app: ElectronApplication;
  let studio: Page;
  const mainLog: string[] = [];

  beforeAll(async () => {
    if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: run \`electron-vite build\` first.`);
    dataDir = mkdtempSync(join(tmpdir(), 'stagehost-electron-'));
    const args = [mainJs, '--data-dir', dataDir];
    // Chromium refuses to start as root with its OS sandbox (containers, CI). The renderer is still
    // sandboxed by webPreferences (no Node, contextIsolation), which is what this suite checks.
    if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
    app = await electron.launch({
      executablePath: electronExecutable(),
      args,
      cwd: root,
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } as Record<string, string>,
      timeout: 60_000,
    });
    app.process().stdout?.on('data', (d: Buffer) => mainLog.push(d.toString()));
    app.process().stderr?.on('data', (d: Buffer) => mainLog.push(d.toString()));
    studio = await app.firstWindow({ timeout: 60_000 });
    await studio.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    if (app) await app.close().catch(() => {});
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (mainLog.length) console.log(`--- main process output ---\n${mainLog.join('').slice(-8000)}`);
  });

  it('opens one window: the studio page', async () => {
    expect(studio.url()).toMatch(/^file:.*\/out\/renderer\/studio\.html$/);
    const windows = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({ url: w.webContents.getURL(), visible: w.isVisible() })),
    );
    expect(windows).toHaveLength(1);
    expect(windows[0]?.url).toBe(studio.url());
  });

  // nodeIntegration: false + sandbox: true + contextIsolation: true, seen from the page.
  it('gives the renderer no Node and exactly three bridge functions', async () => {
    const facts = await studio.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      const api = (window.stagehost ?? {}) as unknown as Record<string, unknown>;
      return {
        require: typeof g.require,
        process: typeof g.process,
        module: typeof g.module,
        buffer: typeof g.Buffer,
        keys: Object.keys(api).sort(),
        kinds: Object.values(api).map((v) => typeof v),
        mediaUrl: window.stagehost?.mediaUrl('0123456789abcdef'),
      };
    });
    expect(facts).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      buffer: 'undefined',
      keys: ['invoke', 'mediaUrl', 'onEvent'],
      kinds: ['function', 'function', 'function'],
      mediaUrl: 'stagehost-media://utterance/0123456789abcdef',
    });
  });

  it('enforces the content security policy (no eval)', async () => {
    // Playwright's evaluate bypasses CSP; code it runs in the page does not.
    const result = await studio.evaluate(() => {
      try {
        return String(new Function('return "eval allowed"')());
      } catch {
        return 'blocked';
      }
    });
    expect(result).toBe('blocked');
  });

  it('answers host calls and returns host errors as values', async () => {
    expect((await playoutState(studio)).status).toBe('off-air');
    const err = await studio.evaluate(() =>
      window.stagehost!.invoke('no.such.method', {}).then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(err).toMatchObject({ code: 'unknown_method' });
  });

  it('refuses popups to anything but the stage', async () => {
    const opened = await studio.evaluate(() => window.open('file:///') === null);
    expect(opened).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it('goes live: the stage opens and the avatar speaks', async () => {
    await studio.getByTestId('go-live').click();
    const stage = await findStage(app, 60_000);
    await stage.waitForLoadState('domcontentloaded');

    const stageWin = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows().find((b) => b.webContents.getURL().includes('stage.html'));
      if (!w) return null;
      return { title: w.getTitle(), backgroundThrottling: w.webContents.getBackgroundThrottling() };
    });
    expect(stageWin).toEqual({ title: 'StageHost Stage', backgroundThrottling: false });
    expect(await stage.evaluate(() => typeof (globalThis as Record<string, unknown>).process)).toBe('undefined');

    const snap = await poll(
      'the mouth to open (mouthOpen > 0.2)',
      () =>
        stage.evaluate(() => {
          const s = (window as unknown as StageWindow).__stagehostStage?.snapshot();
          return s ? { mouthOpen: s.mouthOpen, speaking: s.speaking, lineId: s.lineId } : null;
        }),
      (s) => s !== null && s.mouthOpen > 0.2,
      90_000,
    );
    expect(snap?.mouthOpen).toBeGreaterThan(0.2);
    expect((await playoutState(studio)).status).toBe('on-air');
  });

  it('stops', async () => {
    await studio.getByTestId('stop').click();
    await poll('playout to go off air', () => playoutState(studio), (s) => s.status === 'off-air', 30_000);
  });
});
