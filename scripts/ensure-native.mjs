#!/usr/bin/env node
// Makes sure the native module better-sqlite3 is built for the runtime we are about to use.
//
//   node scripts/ensure-native.mjs node|electron [--quiet]
//
// One build of better-sqlite3 serves either plain Node or Electron (they have different ABIs,
// NODE_MODULE_VERSION). `node` checks that it loads in this Node and runs `npm rebuild
// better-sqlite3` if not; `electron` checks that the Electron binary exists and that the module
// loads inside it (ELECTRON_RUN_AS_NODE) and rebuilds it for Electron if not. When nothing needs
// doing it is quick (an in-process load for node; one Electron-as-Node start for electron).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

const args = process.argv.slice(2);
const target = args.find((a) => !a.startsWith('--'));
const quiet = args.includes('--quiet');

const say = (msg) => console.log(`[ensure-native] ${msg}`);
const info = (msg) => {
  if (!quiet) say(msg);
};
const fail = (msg) => {
  console.error(`[ensure-native] ${msg}`);
  process.exit(1);
};

if (target !== 'node' && target !== 'electron') {
  fail('usage: node scripts/ensure-native.mjs node|electron [--quiet]');
}

const CHECK = "const D = require('better-sqlite3'); const db = new D(':memory:'); db.prepare('select 1').get(); db.close();";

/** Errors that a rebuild can fix: wrong ABI, a binary for another platform, or no binary at all. */
const REBUILDABLE =
  /NODE_MODULE_VERSION|compiled against a different Node\.js version|Module did not self-register|invalid ELF header|not a valid Win32 application|wrong ELF class|mach-o|incompatible architecture|Could not locate the bindings file|ERR_DLOPEN_FAILED|cannot open shared object file/i;

function hasPackage() {
  try {
    require.resolve('better-sqlite3/package.json');
    return true;
  } catch {
    return false;
  }
}

/** Runs a command with inherited output; returns its exit status. */
function run(cmd, cmdArgs, opts = {}) {
  say(`running: ${[cmd, ...cmdArgs].join(' ')}`);
  const res = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
  if (res.error) {
    console.error(`[ensure-native] could not start ${cmd}: ${res.error.message}`);
    return 1;
  }
  return res.status ?? 1;
}

/** `npm <args>`, through the npm that runs this script when there is one. */
function npm(npmArgs) {
  const execPath = process.env.npm_execpath;
  if (execPath && /\.(c|m)?js$/.test(execPath)) return run(process.execPath, [execPath, ...npmArgs]);
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', npmArgs, { shell: process.platform === 'win32' });
}

/** Loads better-sqlite3 in a fresh process (a process that failed to dlopen it cannot retry). */
function checkInChild(exe, env) {
  const res = spawnSync(exe, ['-e', CHECK], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  if (res.error) return { ok: false, message: res.error.message };
  return { ok: res.status === 0, message: `${res.stderr ?? ''}${res.stdout ?? ''}`.trim() };
}

function firstLine(message) {
  return (
    message
      .split('\n')
      .find((l) => /Error|error:/.test(l))
      ?.trim() ?? message.split('\n')[0]
  );
}

// ---- node ---------------------------------------------------------------------------------------

function ensureNode() {
  if (!hasPackage()) fail('better-sqlite3 is not installed: run `npm install` (or `npm ci`) first.');
  try {
    // Same check in this very process: no extra start-up cost when all is well.
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    db.prepare('select 1').get();
    db.close();
    info(`better-sqlite3 loads in Node ${process.version} (ABI ${process.versions.modules}).`);
    return;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!REBUILDABLE.test(message)) fail(`better-sqlite3 does not load in Node, and a rebuild will not fix it:\n${message}`);
    say(`better-sqlite3 is not built for Node ${process.version} (ABI ${process.versions.modules}): ${firstLine(message)}`);
  }
  say('rebuilding better-sqlite3 for Node (this takes a minute when it compiles from source)…');
  if (npm(['rebuild', 'better-sqlite3']) !== 0) fail('`npm rebuild better-sqlite3` failed; see the output above.');
  const after = checkInChild(process.execPath, process.env);
  if (!after.ok) fail(`better-sqlite3 still does not load in Node after the rebuild:\n${after.message}`);
  say('better-sqlite3 now loads in Node.');
}

// ---- electron -----------------------------------------------------------------------------------

/**
 * The Electron executable, resolved the way node_modules/electron/index.js does it, but without
 * requiring that file: since Electron 45 requiring it starts a download when the binary is missing.
 */
function electronExecutable() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { dir: null, exe: null };
  }
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const name = existsSync(join(pkgDir, 'path.txt')) ? readFileSync(join(pkgDir, 'path.txt'), 'utf8') : 'electron';
    return { dir: pkgDir, exe: join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name) };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { dir: pkgDir, exe: null };
  return { dir: pkgDir, exe: join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) };
}

function ensureElectron() {
  if (!hasPackage()) fail('better-sqlite3 is not installed: run `npm install` (or `npm ci`) first.');
  const { dir, exe } = electronExecutable();
  if (!dir) fail('The electron package is not installed: run `npm install` first.');
  if (!exe || !existsSync(exe)) {
    fail(
      [
        'The Electron binary is not installed on this machine',
        `  (looked for ${exe ?? join(dir, 'dist', '<see path.txt>')}).`,
        'It is downloaded when the electron package installs, which needs internet access and',
        'must not be skipped with ELECTRON_SKIP_BINARY_DOWNLOAD. To get it:',
        '  - on a machine with internet: `npm install` (or `node node_modules/electron/install.js`);',
        '  - or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron of the same version.',
        'Without Electron you can still run StageHost in browser mode: `npm run dev:web`.',
      ].join('\n'),
    );
  }
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const before = checkInChild(exe, env);
  if (before.ok) {
    info('better-sqlite3 loads in Electron.');
    return;
  }
  if (!REBUILDABLE.test(before.message)) fail(`better-sqlite3 does not load in Electron, and a rebuild will not fix it:\n${before.message}`);
  say(`better-sqlite3 is not built for Electron: ${firstLine(before.message)}`);
  say('rebuilding better-sqlite3 for Electron (afterwards plain-Node scripts rebuild it back on demand)…');
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  let status;
  let rebuildCli = null;
  try {
    rebuildCli = join(dirname(require.resolve('@electron/rebuild/package.json')), 'lib', 'cli.js');
  } catch {
    rebuildCli = null;
  }
  if (rebuildCli && existsSync(rebuildCli)) {
    status = run(process.execPath, [rebuildCli, '--version', version, '--only', 'better-sqlite3', '--force'], { env: process.env });
  } else {
    status = run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-builder', 'install-app-deps'], {
      shell: process.platform === 'win32',
    });
  }
  if (status !== 0) fail('Rebuilding better-sqlite3 for Electron failed; see the output above.');
  const after = checkInChild(exe, env);
  if (!after.ok) fail(`better-sqlite3 still does not load in Electron after the rebuild:\n${after.message}`);
  say('better-sqlite3 now loads in Electron.');
}

if (target === 'node') ensureNode();
else ensureElectron();
