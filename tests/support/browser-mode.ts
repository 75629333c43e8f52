import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningHost {
  process: ChildProcess;
  studioUrl: string;
  stageUrl: string;
  dataDir: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the real host in browser mode (`web-main.ts --static`) on a free port. */
export async function startHost(opts: { dataDir?: string; lang?: string } = {}): Promise<RunningHost> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'stagehost-e2e-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/host/web-main.ts', '--static', '--port', '0', '--data-dir', dataDir, '--lang', opts.lang ?? 'zh-CN'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STAGEHOST_KEY_DIR: dataDir } },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const urls = await new Promise<{ studio: string; stage: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start within 30 s:\n${out}`)), 30_000);
    const check = (): void => {
      const studio = /Studio: (\S+)/.exec(out)?.[1];
      const stage = /Stage: +(\S+)/.exec(out)?.[1];
      if (studio && stage) {
        clearTimeout(timer);
        resolve({ studio, stage });
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
  });
  return {
    process: child,
    studioUrl: urls.studio,
    stageUrl: urls.stage,
    dataDir,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill(signal);
      await exited;
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}

/** One row of the as-run log as the database holds it (read-only, for assertions). */
export interface AsRunRow {
  id: number;
  block_id: string | null;
  script_id: string | null;
  text: string;
  outcome: string;
  started_at: number | null;
  ended_at: number | null;
  note: string | null;
}

/** The as-run log of a data dir, oldest first; empty before the library exists. */
export function asRunRows(dataDir: string): AsRunRow[] {
  const file = join(dataDir, 'stagehost.db');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, block_id, script_id, text, outcome, started_at, ended_at, note FROM as_run ORDER BY id').all() as AsRunRow[];
  } finally {
    db.close();
  }
}

export interface UploadAnswer {
  status: number;
  body: { item?: { id: string }; error?: { code: string; message: string } };
}

/** Uploads an avatar file the way the browser-mode studio does (POST /upload with the page's token). */
export async function uploadAvatar(studioUrl: string, fileName: string, bytes: Uint8Array): Promise<UploadAnswer> {
  const u = new URL(studioUrl);
  const res = await fetch(`${u.origin}/upload?kind=avatar&name=${encodeURIComponent(fileName)}&token=${encodeURIComponent(u.searchParams.get('token')!)}`, {
    method: 'POST',
    headers: { 'X-StageHost-Upload': '1', 'Content-Type': 'application/octet-stream' },
    body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  });
  return { status: res.status, body: (await res.json()) as UploadAnswer['body'] };
}
