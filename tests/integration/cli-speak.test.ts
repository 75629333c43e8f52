import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, rms } from '../../main/speech/wav';
import { TimingTrackSchema } from '../../shared/timing';
import { cli, cliInProcess, hasEspeak } from '../support/cli';

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
