import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../main/library/open-library';
import { cli, cliInProcess, hasEspeak, ROOT } from '../support/cli';

describe('cli normalize', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagehost-cli-norm-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the reading, one spoken line per output line', async () => {
    const r = await cli(['normalize', '--lang', 'zh-CN', '--text', '今晚20:00开播！¥199的锅打8.5折，客服13800138000。']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['今晚二十点开播！', '一百九十九元的锅打八五折，客服幺三八零零幺三八零零零。']);
  });

  it('guesses the language, takes a dictionary file, prints JSON', async () => {
    const dict = join(dir, 'dict.json');
    await writeFile(dict, JSON.stringify({ 小满: '晓满' }));
    const zh = await cliInProcess(['normalize', '--text', '小满家居3.5kg装', '--dictionary', dict, '--json']);
    expect(zh.code).toBe(0);
    expect(JSON.parse(zh.stdout)).toEqual({ locale: 'zh-CN', lines: ['晓满家居三点五千克装'] });
    const en = await cliInProcess(['normalize', '--text', 'Only $19.99 today. 50% off!']);
    expect(en.stdout.split('\n')).toEqual(['Only nineteen dollars ninety-nine cents today.', 'fifty percent off!']);
  });

  it('rejects bad arguments with usage (exit 2)', async () => {
    expect((await cliInProcess(['normalize'])).code).toBe(2);
    const bad = await cliInProcess(['normalize', '--text', 'x', '--lang', 'fr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/zh-CN or en-US/);
    expect((await cliInProcess(['normalize', '--text', 'x', '--max-length', '3'])).code).toBe(2);
    await writeFile(join(dir, 'bad.json'), '[{"word": 5}]');
    expect((await cliInProcess(['normalize', '--text', 'x', '--dictionary', join(dir, 'bad.json')])).stderr).toMatch(/dictionary/);
    const empty = await cliInProcess(['normalize', '--text', '🎉']);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toMatch(/nothing to say/);
  });
});

describe.skipIf(!hasEspeak())('cli prerender', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'stagehost-cli-pre-'));
    // A store with the English demo loaded, as after a first run.
    const lib = openLibrary({ dataDir, locale: 'en-US', seedsDir: join(ROOT, 'seeds') });
    lib.close();
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('renders every line of the playlists once; a second run is all cache hits', async () => {
    const first = await cli(['prerender', '--json', '--data-dir', dataDir, '--concurrency', '4']);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number | boolean>;
    expect(summary.lines).toBeGreaterThan(30);
    expect(summary).toMatchObject({ failed: 0, cancelled: false, cacheHits: 0 });
    expect(summary.rendered).toBe(summary.lines);
    // Progress went to stderr, one JSON line per line rendered.
    const progress = first.stderr.split('\n').filter((l) => l.startsWith('{"progress"'));
    expect(progress.length).toBe(summary.lines);
    const wavs = (await readdir(join(dataDir, 'speech-cache'))).filter((n) => n.endsWith('.wav'));
    expect(wavs.length).toBe(summary.lines);

    const second = await cliInProcess(['prerender', '--json', '--data-dir', dataDir]);
    const again = JSON.parse(second.stdout) as Record<string, number>;
    expect(again).toMatchObject({ lines: summary.lines, cacheHits: summary.lines, rendered: 0, failed: 0 });
  }, 180_000);

  it('names an unknown playlist', async () => {
    const r = await cliInProcess(['prerender', '--data-dir', dataDir, '--playlist', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no playlist "nope"/);
  });
});
