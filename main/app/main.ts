/**
 * The Electron main process: the only place (with the rest of main/app/) that touches Electron.
 * It resolves the data folder, starts the host, opens the studio and stage windows, carries the
 * host API over IPC, serves utterance audio through `stagehost-media://`, and keeps the machine
 * awake while on air.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  powerSaveBlocker,
  protocol,
  screen,
  session,
  shell,
  type Session,
  type WebContents,
  type WebPreferences,
} from 'electron';
import type { EventPayload } from '../../shared/api';
import type { Locale } from '../../shared/domain';
import { createHost, type StageHost } from '../host/create-host';
import { pickLocale, resolveDataDir } from '../host/data-dir';
import { createAppUrls, isSafeExternalUrl, type AppPage, type AppUrls } from './app-urls';
import { contentSecurityPolicy } from './csp';
import { IpcTransport } from './ipc-transport';
import { createKeepAwake } from './keep-awake';
import { createMediaHandler, MEDIA_SCHEME } from './media-protocol';
import { installMenu } from './menu';
import { createSafeStorageSecrets } from './safe-storage-secrets';
import { fitStageSize, parseStageOptions } from './stage-options';
import { shellStrings, type ShellStrings } from './strings';

const here = fileURLToPath(new URL('.', import.meta.url)); // out/main/
const appRoot = resolve(here, '..', '..'); // the project root in dev, app.asar when packaged
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'preload.cjs');

const STUDIO_TITLE = 'StageHost';
const STAGE_TITLE = 'StageHost Stage';

const log = {
  info: (m: string): void => console.log(`[stagehost] ${m}`),
  warn: (m: string): void => console.warn(`[stagehost] ${m}`),
  error: (m: string): void => console.error(`[stagehost] ${m}`),
};

// ---------------------------------------------------------------------------------------------
// Before ready: privileges, sandbox, identity, data folder, single-instance lock.
// ---------------------------------------------------------------------------------------------

protocol.registerSchemesAsPrivileged([
  {
    scheme: MEDIA_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true },
  },
]);
app.enableSandbox();
// The stage must keep rendering while covered (OBS captures it from behind other windows).
app.commandLine.appendSwitch('disable-renderer-backgrounding');
app.commandLine.appendSwitch('disable-background-timer-throttling');

app.setName('StageHost');
const defaultDataDir = join(app.getPath('appData'), 'StageHost');
let dataDir = defaultDataDir;
let dataDirError: string | null = null;
try {
  dataDir = resolveDataDir({ argv: process.argv, env: process.env, defaultDir: defaultDataDir });
  // Chromium's own profile lives beside the library, and the single-instance lock is per
  // userData, so two instances with different --data-dir (e.g. parallel e2e runs) can coexist.
  app.setPath('userData', dataDir);
} catch (err) {
  dataDirError = err instanceof Error ? err.message : String(err);
}

const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL);
const urls: AppUrls = createAppUrls({
  devServerUrl: isDev ? process.env.ELECTRON_RENDERER_URL : null,
  rendererDir,
});
const stageOptions = parseStageOptions(process.argv, process.env);

process.on('uncaughtException', (err) => log.error(`uncaught exception: ${err.stack ?? String(err)}`));
process.on('unhandledRejection', (reason) => log.error(`unhandled rejection: ${String(reason)}`));

const gotLock = dataDirError !== null || app.requestSingleInstanceLock();
if (!gotLock) {
  log.info('another StageHost is already running with this data folder; handing over to it');
  app.quit();
} else {
  app.on('second-instance', () => focus(studioWindow));
  void app.whenReady().then(start, (err: unknown) => fatal(`startup failed: ${String(err)}`));
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

let strings: ShellStrings = shellStrings('en-US');
let host: StageHost | null = null;
let transport: IpcTransport | null = null;
let studioWindow: BrowserWindow | null = null;
let stageWindow: BrowserWindow | null = null;
let onAir = false;
const keepAwake = createKeepAwake(powerSaveBlocker, (m) => log.info(m));
let quitConfirmed = false;
let hostClosed = false;
let hostClosing = false;

function focus(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function fatal(message: string): void {
  log.error(message);
  dialog.showErrorBox(strings.startFailedTitle, message);
  app.exit(1);
}

function systemLanguages(): string[] {
  const preferred = app.getPreferredSystemLanguages();
  return preferred.length > 0 ? preferred : [app.getLocale()];
}

// ---------------------------------------------------------------------------------------------
// Startup
// ---------------------------------------------------------------------------------------------

async function start(): Promise<void> {
  if (dataDirError !== null) {
    strings = shellStrings(pickLocale(systemLanguages()[0]));
    dialog.showErrorBox(strings.startFailedTitle, strings.badDataDir(dataDirError));
    app.exit(1);
    return;
  }

  const locale: Locale = pickLocale(systemLanguages()[0] ?? 'en-US');
  strings = shellStrings(locale);

  hardenSession(session.defaultSession);

  const seedsDir = app.isPackaged ? join(process.resourcesPath, 'seeds') : join(appRoot, 'seeds');
  try {
    const secrets = createSafeStorageSecrets(dataDir, join(app.getPath('appData'), 'StageHost Keys'));
    host = await createHost({ dataDir, locale, seedsDir, secrets, log: (m) => log.info(m) });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log.error(`could not start the host in ${dataDir}: ${err instanceof Error && err.stack ? err.stack : reason}`);
    dialog.showErrorBox(strings.startFailedTitle, strings.startFailed(dataDir, reason));
    app.exit(1);
    return;
  }
  const liveHost = host;
  log.info(`data folder: ${dataDir}; locale: ${locale}; pages: ${urls.mode}`);

  protocol.handle(MEDIA_SCHEME, createMediaHandler({ mediaPath: (id) => liveHost.mediaPath(id), filePath: (id) => liveHost.filePath(id), log: log.warn }));

  transport = new IpcTransport({ ipcMain, host: liveHost, urls, log });
  transport.start();

  liveHost.subscribe((event, payload) => {
    if (event !== 'playout.state') return;
    // `event` narrows the event name but not the generic payload; this is the playout.state payload.
    onPlayoutState(payload as EventPayload<'playout.state'>);
  });

  installMenu(strings, { openStage: () => openStage() });

  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (!studioWindow || studioWindow.isDestroyed()) studioWindow = createStudioWindow();
    else focus(studioWindow);
  });
  app.on('will-quit', (e) => {
    keepAwake.release();
    if (hostClosed || !host) return;
    e.preventDefault();
    if (hostClosing) return;
    hostClosing = true;
    const closing = host;
    transport?.stop();
    const timeout = setTimeout(() => {
      log.error('host did not close within 10 s; exiting');
      app.exit(0);
    }, 10_000);
    closing
      .close()
      .catch((err: unknown) => log.error(`host.close failed: ${String(err)}`))
      .finally(() => {
        clearTimeout(timeout);
        hostClosed = true;
        app.quit();
      });
  });

  studioWindow = createStudioWindow();

  // The host may already be on air (it resumes a stream that was on air when the app stopped).
  liveHost
    .handle('playout.state', {}, { connectionId: 'electron-main', page: 'studio' })
    // The host validated the result against PlayoutStateSchema.
    .then((state) => onPlayoutState(state as EventPayload<'playout.state'>))
    .catch((err: unknown) => log.warn(`could not read the playout state: ${String(err)}`));

  const recovered = liveHost.recovered;
  if (recovered) {
    const show = (): void => {
      const opts = {
        type: 'warning' as const,
        title: strings.recoveredTitle,
        message: strings.recoveredMessage,
        detail: strings.recoveredDetail(recovered.backupPath, recovered.reason),
        buttons: [strings.ok],
      };
      const parent = studioWindow && !studioWindow.isDestroyed() ? studioWindow : null;
      void (parent ? dialog.showMessageBox(parent, opts) : dialog.showMessageBox(opts));
    };
    if (studioWindow.isVisible()) show();
    else studioWindow.once('ready-to-show', show);
  }
}

// ---------------------------------------------------------------------------------------------
// Playout → power, stage
// ---------------------------------------------------------------------------------------------

function onPlayoutState(state: EventPayload<'playout.state'>): void {
  const change = keepAwake.update(state);
  onAir = keepAwake.isLive();
  if (change === 'on-air') openStage();
}

// ---------------------------------------------------------------------------------------------
// Session hardening: CSP, permissions
// ---------------------------------------------------------------------------------------------

function hardenSession(ses: Session): void {
  const csp = contentSecurityPolicy({ dev: urls.mode === 'dev-server' });
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!urls.isAppUrl(details.url)) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });

  // Neither page needs a permission (camera, microphone, notifications, geolocation, …) for now.
  ses.setPermissionRequestHandler((wc, permission, callback) => {
    log.warn(`denied permission request "${permission}" from ${wc.getURL().slice(0, 200)}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

// Every webContents (our two windows, and anything that might sneak in): no webviews, no
// navigation away from the app, no popups except our stage page, external links to the browser.
app.on('web-contents-created', (_event, contents: WebContents) => {
  contents.on('will-attach-webview', (e) => {
    e.preventDefault();
    log.warn('blocked a <webview>');
  });

  contents.setWindowOpenHandler(({ url }) => {
    if (urls.pageOf(url) === 'stage') {
      openStage();
    } else if (isSafeExternalUrl(url) && !urls.isAppUrl(url)) {
      void shell.openExternal(url);
    } else {
      log.warn(`blocked window.open(${url.slice(0, 200)})`);
    }
    return { action: 'deny' };
  });

  contents.on('will-navigate', (e) => {
    const target = e.url;
    const current = urls.pageOf(contents.getURL());
    if (current !== null && urls.pageOf(target) === current) return; // same page (query/hash change, reload)
    e.preventDefault();
    if (isSafeExternalUrl(target) && !urls.isAppUrl(target)) void shell.openExternal(target);
    else log.warn(`blocked navigation to ${target.slice(0, 200)}`);
  });

  contents.on('will-redirect', (e) => {
    if (!urls.isAppUrl(e.url)) {
      e.preventDefault();
      log.warn(`blocked redirect to ${e.url.slice(0, 200)}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Windows
// ---------------------------------------------------------------------------------------------

function securePreferences(extra: Partial<WebPreferences> = {}): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    autoplayPolicy: 'no-user-gesture-required',
    ...extra,
  };
}

/** Wires a window into the transport and the crash / load-failure handling. */
function attach(win: BrowserWindow, page: AppPage): void {
  const wc = win.webContents;
  const id = wc.id;
  transport?.registerWindow(page, wc);

  wc.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) transport?.resetConnection(id);
  });
  wc.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
    if (!isMainFrame || code === -3 /* ERR_ABORTED: superseded by another navigation */) return;
    log.error(`${page}: failed to load ${url} (${code} ${description})`);
    if (page === 'studio') dialog.showErrorBox(strings.rendererFailedTitle, strings.rendererFailed(page, `${description} (${code})\n${url}`));
  });

  let reloadTimes: number[] = [];
  wc.on('render-process-gone', (_e, details) => {
    log.error(`${page}: renderer gone (${details.reason}, exit code ${details.exitCode})`);
    transport?.resetConnection(id);
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    // Reload at once, but back off if the page keeps crashing (at most 5 quick reloads a minute).
    const now = Date.now();
    reloadTimes = reloadTimes.filter((t) => now - t < 60_000);
    reloadTimes.push(now);
    const delay = reloadTimes.length > 5 ? 10_000 : 250;
    setTimeout(() => {
      if (!win.isDestroyed()) void win.loadURL(urls.pageUrl(page));
    }, delay);
  });

  let unresponsiveTimer: NodeJS.Timeout | null = null;
  wc.on('unresponsive', () => {
    log.warn(`${page}: renderer unresponsive`);
    if (page !== 'stage' || unresponsiveTimer) return;
    // A hung stage is worse than a reloaded one: crash it after 15 s, which triggers the reload above.
    unresponsiveTimer = setTimeout(() => {
      unresponsiveTimer = null;
      if (!win.isDestroyed()) wc.forcefullyCrashRenderer();
    }, 15_000);
  });
  wc.on('responsive', () => {
    if (unresponsiveTimer) clearTimeout(unresponsiveTimer);
    unresponsiveTimer = null;
  });

  win.on('closed', () => {
    if (unresponsiveTimer) clearTimeout(unresponsiveTimer);
    transport?.unregisterWindow(id);
  });
}

function createStudioWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: STUDIO_TITLE,
    backgroundColor: '#14161c',
    webPreferences: securePreferences(),
  });
  attach(win, 'studio');
  win.once('ready-to-show', () => win.show());

  win.on('close', (e) => {
    if (!onAir || quitConfirmed) return;
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      title: strings.quitOnAirTitle,
      message: strings.quitOnAirMessage,
      detail: strings.quitOnAirDetail,
      buttons: [strings.quitOnAirConfirm, strings.cancel],
      defaultId: 1,
      cancelId: 1,
    });
    if (choice !== 0) {
      e.preventDefault();
      return;
    }
    quitConfirmed = true;
  });
  win.on('closed', () => {
    studioWindow = null;
    // The stage belongs to the studio: closing the studio ends the session.
    if (stageWindow && !stageWindow.isDestroyed()) stageWindow.close();
  });

  void win.loadURL(urls.pageUrl('studio'));
  return win;
}

/** Opens the stage window, or brings it forward when it is already open. */
function openStage(): BrowserWindow {
  if (stageWindow && !stageWindow.isDestroyed()) {
    if (!stageWindow.isVisible()) stageWindow.showInactive();
    return stageWindow;
  }
  const fixed = stageOptions.sizing === 'fixed';
  const anchor = studioWindow && !studioWindow.isDestroyed() ? studioWindow.getBounds() : null;
  const display = anchor ? screen.getDisplayMatching(anchor) : screen.getPrimaryDisplay();
  const size = fixed ? { width: stageOptions.width, height: stageOptions.height } : fitStageSize(stageOptions, display.workAreaSize);

  const win = new BrowserWindow({
    ...size,
    useContentSize: true,
    resizable: !fixed,
    maximizable: !fixed,
    fullscreenable: true,
    enableLargerThanScreen: fixed,
    frame: !stageOptions.frameless,
    show: false,
    title: STAGE_TITLE,
    backgroundColor: '#000000',
    webPreferences: securePreferences({ backgroundThrottling: false }),
  });
  if (!fixed) win.setAspectRatio(stageOptions.width / stageOptions.height);
  if (fixed) win.setContentSize(size.width, size.height); // some platforms clamp the initial size
  // OBS "window capture" finds the window by its title: keep it fixed whatever the page says.
  win.on('page-title-updated', (e) => e.preventDefault());
  attach(win, 'stage');
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (stageWindow === win) stageWindow = null;
  });
  stageWindow = win;
  void win.loadURL(urls.pageUrl('stage'));
  return win;
}
