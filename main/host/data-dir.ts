import os from 'node:os';
import path from 'node:path';
import type { Locale } from '../../shared/domain';

/** The app's name as Electron sees it (package.json productName); names the user-data folder. */
export const APP_DIR_NAME = 'StageHost';

export const DATA_DIR_FLAG = '--data-dir';
export const DATA_DIR_ENV = 'STAGEHOST_DATA_DIR';

export interface ResolveDataDirInput {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Used when neither the flag nor the variable is given (e.g. app.getPath('userData')). */
  defaultDir: string;
  /** Base for relative paths; default process.cwd(). */
  cwd?: string;
  /** For `~` expansion; default os.homedir(). */
  homeDir?: string;
}

function expandHome(dir: string, home: string): string {
  if (dir === '~') return home;
  if (dir.startsWith('~/') || dir.startsWith('~\\')) return path.join(home, dir.slice(2));
  return dir;
}

/** The value of the last `--data-dir DIR` / `--data-dir=DIR` before a `--`, or undefined. */
export function dataDirFromArgv(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === DATA_DIR_FLAG) {
      const next = argv[i + 1];
      if (next === undefined || next === '' || next.startsWith('--')) {
        throw new Error(`${DATA_DIR_FLAG} needs a folder, e.g. ${DATA_DIR_FLAG} /path/to/folder`);
      }
      found = next;
      i++;
    } else if (arg.startsWith(`${DATA_DIR_FLAG}=`)) {
      const value = arg.slice(DATA_DIR_FLAG.length + 1);
      if (value === '') throw new Error(`${DATA_DIR_FLAG}= needs a folder, e.g. ${DATA_DIR_FLAG}=/path/to/folder`);
      found = value;
    }
  }
  return found;
}

/**
 * Where the library and caches live: `--data-dir DIR` / `--data-dir=DIR` wins, then the
 * STAGEHOST_DATA_DIR variable, then `defaultDir`. Returns an absolute path (`~` expanded).
 */
export function resolveDataDir(input: ResolveDataDirInput): string {
  const chosen = dataDirFromArgv(input.argv) ?? (input.env[DATA_DIR_ENV]?.trim() || undefined) ?? input.defaultDir;
  const home = input.homeDir ?? os.homedir();
  return path.resolve(input.cwd ?? process.cwd(), expandHome(chosen, home));
}

export interface PlatformInfo {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
}

/**
 * The folder Electron's app.getPath('userData') gives for productName StageHost, computed without
 * Electron (for the host in plain Node): Windows %APPDATA%\StageHost, macOS
 * ~/Library/Application Support/StageHost, elsewhere $XDG_CONFIG_HOME/StageHost or ~/.config/StageHost.
 */
export function defaultUserDataDir(
  info: PlatformInfo = { platform: process.platform, env: process.env, homeDir: os.homedir() },
): string {
  const { platform, env, homeDir } = info;
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(homeDir, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_DIR_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(homeDir, 'Library', 'Application Support', APP_DIR_NAME);
  }
  // Like Electron (Chromium's GetXDGDirectory): a set, non-empty XDG_CONFIG_HOME is used as given.
  const configHome = env.XDG_CONFIG_HOME || path.posix.join(homeDir, '.config');
  return path.posix.join(configHome, APP_DIR_NAME);
}

/** 'en-US' when the system language is English (en, en-US, en_GB.UTF-8…), else 'zh-CN'. */
export function pickLocale(systemLocale: string | null | undefined): Locale {
  return /^en(?:[-_.@]|$)/i.test((systemLocale ?? '').trim()) ? 'en-US' : 'zh-CN';
}

/** The system locale seen from plain Node: LC_ALL, LC_MESSAGES, LANG, then Intl. */
export function systemLocaleFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string {
  for (const key of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[key];
    if (value && value !== 'C' && value !== 'POSIX') return value;
  }
  return Intl.DateTimeFormat().resolvedOptions().locale;
}
