import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../main/cli/main';
import { decodeWav, rms } from '../../main/speech/wav';
import { TimingTrackSchema } from '../../shared/timing';

const ROOT = resolve(import.meta.dirname, '../..');

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI the way a user does: `npx tsx main/cli/main.ts …` from the repo root. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile('npx', ['tsx', 'main/cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** The same CLI in-process (for the cheap checks: starting tsx costs seconds per run). */
async function cliInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env, cwd: ROOT };
  const code = await runCli(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('cli', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagehost-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasEspeak())('speak writes an audible WAV and a track that spans it', async () => {
    const out = join(dir, 'a.wav');
    const track = join(dir, 'out', 'a.json');
    const r = await cli(['speak', '--text', '欢迎来到直播间', '--out', out, '--track', track, '--data-dir', join(dir, 'data')]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/spoke 7 chars \(zh-CN/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);

    const audio = decodeWav(await readFile(out));
    expect(rms(audio.samples)).toBeGreaterThan(0.02);
    expect(audio.durationMs).toBeGreaterThan(800);
    const t = TimingTrackSchema.parse(JSON.parse(await readFile(track, 'utf8')));
    const last = t.visemes[t.visemes.length - 1];
    expect(Math.abs((last?.t ?? 0) - audio.durationMs)).toBeLessThanOrEqual(150);
    expect(t.words.map((w) => w.text).join('')).toBe('欢迎来到直播间');
    expect(t.visemes.some((v) => v.id !== 0)).toBe(true);

    // the same line again comes from the cache in $STAGEHOST_DATA_DIR
    const again = await cliInProcess(['speak', '--text', '欢迎来到直播间', '--out', join(dir, 'b.wav')], { STAGEHOST_DATA_DIR: join(dir, 'data') });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/cache hit/);
  });

  it('--help exits 0 and lists speak; an unknown command prints usage and exits 2', async () => {
    const [help, unknown] = await Promise.all([cli(['--help']), cli(['frobnicate'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/commands:/);
    expect(help.stdout).toMatch(/^\s+speak\s/m);
    expect(help.stdout).toMatch(/--text/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    expect(unknown.stderr).toMatch(/speak/);
  });

  it('help <command> shows that command', async () => {
    const r = await cliInProcess(['help', 'speak']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: speak --text/);
    expect((await cliInProcess(['speak', '--help'])).stdout).toMatch(/^usage: speak --text/);
    expect((await cliInProcess([])).code).toBe(2);
  });

  it('bad arguments say what is wrong and exit 2', async () => {
    const missing = await cliInProcess(['speak', '--text', 'hello']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--out is required/);
    const lang = await cliInProcess(['speak', '--text', 'hello', '--out', join(dir, 'x.wav'), '--lang', 'fr-FR']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toMatch(/--lang must be zh-CN or en-US/);
    const rate = await cliInProcess(['speak', '--text', 'hello', '--out', join(dir, 'x.wav'), '--rate', 'fast']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--rate must be a number/);
    const unknown = await cliInProcess(['speak', '--txt', 'hello']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--txt/);
    const dash = await cliInProcess(['speak', '--text', '-hello', '--out', join(dir, 'x.wav')]);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toMatch(/--text=-XYZ/);
  });
});
