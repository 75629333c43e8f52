import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dataDirFromArgv,
  defaultUserDataDir,
  pickLocale,
  resolveDataDir,
  systemLocaleFromEnv,
} from '../../main/host/data-dir';

const base = { env: {}, defaultDir: '/home/m/.config/StageHost', cwd: '/work', homeDir: '/home/m' };

describe('resolveDataDir', () => {
  it('prefers --data-dir, then STAGEHOST_DATA_DIR, then the default', () => {
    const env = { STAGEHOST_DATA_DIR: '/from/env' };
    expect(resolveDataDir({ ...base, env, argv: ['node', 'main.js', '--data-dir', '/from/flag'] })).toBe(path.resolve('/from/flag'));
    expect(resolveDataDir({ ...base, env, argv: ['electron', '.', '--data-dir=/from/eq'] })).toBe(path.resolve('/from/eq'));
    expect(resolveDataDir({ ...base, env, argv: ['node', 'main.js'] })).toBe(path.resolve('/from/env'));
    expect(resolveDataDir({ ...base, env: { STAGEHOST_DATA_DIR: '  ' }, argv: [] })).toBe(path.resolve('/home/m/.config/StageHost'));
    expect(resolveDataDir({ ...base, argv: [] })).toBe(path.resolve('/home/m/.config/StageHost'));
  });

  it('makes relative paths absolute and expands ~', () => {
    expect(resolveDataDir({ ...base, argv: ['--data-dir', 'room1'] })).toBe(path.resolve('/work', 'room1'));
    expect(resolveDataDir({ ...base, argv: ['--data-dir=~/rooms/a'] })).toBe(path.resolve('/home/m', 'rooms/a'));
  });

  it('takes the last flag, stops at --, and explains a missing value', () => {
    expect(dataDirFromArgv(['--data-dir', 'a', '--data-dir=b'])).toBe('b');
    expect(dataDirFromArgv(['--', '--data-dir', 'a'])).toBeUndefined();
    expect(dataDirFromArgv(['--data-directory', 'x'])).toBeUndefined();
    expect(() => dataDirFromArgv(['--data-dir'])).toThrow(/needs a folder/);
    expect(() => dataDirFromArgv(['--data-dir', '--verbose'])).toThrow(/needs a folder/);
    expect(() => dataDirFromArgv(['--data-dir='])).toThrow(/needs a folder/);
  });
});

describe('defaultUserDataDir (where Electron puts userData for StageHost)', () => {
  it('Linux: $XDG_CONFIG_HOME/StageHost or ~/.config/StageHost', () => {
    expect(defaultUserDataDir({ platform: 'linux', env: {}, homeDir: '/home/m' })).toBe('/home/m/.config/StageHost');
    expect(defaultUserDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, homeDir: '/home/m' })).toBe('/xdg/StageHost');
    expect(defaultUserDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '' }, homeDir: '/home/m' })).toBe('/home/m/.config/StageHost');
  });
  it('macOS: ~/Library/Application Support/StageHost', () => {
    expect(defaultUserDataDir({ platform: 'darwin', env: {}, homeDir: '/Users/m' })).toBe(
      '/Users/m/Library/Application Support/StageHost',
    );
  });
  it('Windows: %APPDATA%\\StageHost', () => {
    expect(defaultUserDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\m\\AppData\\Roaming' }, homeDir: 'C:\\Users\\m' })).toBe(
      'C:\\Users\\m\\AppData\\Roaming\\StageHost',
    );
    expect(defaultUserDataDir({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\m' })).toBe('C:\\Users\\m\\AppData\\Roaming\\StageHost');
  });
  it('uses this machine by default', () => {
    expect(path.isAbsolute(defaultUserDataDir())).toBe(true);
    expect(path.basename(defaultUserDataDir())).toBe('StageHost');
  });
});

describe('pickLocale', () => {
  it('English systems get en-US, everything else zh-CN', () => {
    for (const l of ['en', 'en-US', 'en-GB', 'en_GB', 'en_US.UTF-8', 'EN-au', 'en@latin']) expect(pickLocale(l), l).toBe('en-US');
    for (const l of ['zh-CN', 'zh_TW', 'zh-Hans-CN', 'de-DE', 'ja', 'eng', 'C', '', null, undefined]) expect(pickLocale(l), String(l)).toBe('zh-CN');
  });
  it('reads the system locale from the environment like a shell would', () => {
    expect(systemLocaleFromEnv({ LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en_GB.UTF-8');
    expect(systemLocaleFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh_CN.UTF-8');
    expect(typeof systemLocaleFromEnv({ LANG: 'C' })).toBe('string');
  });
});
