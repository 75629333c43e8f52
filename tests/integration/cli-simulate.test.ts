import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../main/cli/main';
import { openLibrary } from '../../main/library/open-library';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const seedsDir = join(ROOT, 'seeds');

async function cli(args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => out.push(l), env: {}, cwd: ROOT };
  return { code: await runCli(args, io), out };
}

function seededDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagehost-sim-'));
  openLibrary({ dataDir: dir, locale: 'zh-CN', seedsDir }).close();
  return dir;
}

describe('cli simulate: check a plan before a long weekend', () => {
  it('runs a day of the demo plan with no missed block and no gap', { timeout: 60_000 }, async () => {
    const dir = seededDataDir();
    const { code, out } = await cli(['simulate', '--days', '1', '--json', '--data-dir', dir, '--start', '2026-11-21T00:00:00+08:00']);
    const report = JSON.parse(out.at(-1)!) as { simulatedHours: number; linesAired: number; maxGapMs: number; missedBlocks: number; immediateRepeats: number; problems: unknown[] };
    expect(code).toBe(0);
    expect(report).toMatchObject({ simulatedHours: 24, missedBlocks: 0, maxGapMs: 0, immediateRepeats: 0, problems: [] });
    expect(report.linesAired).toBeGreaterThan(1000);
  });

  it('names a block that points at a deleted playlist, exits 1, and still airs the rest of the plan', { timeout: 60_000 }, async () => {
    const dir = seededDataDir();
    const lib = openLibrary({ dataDir: dir, locale: 'zh-CN', seedsDir: null });
    const plan = lib.store.getActivePlan()!;
    const playlistId = lib.store.listPlaylists()[0]!.id;
    lib.close();
    const broken = {
      ...plan,
      days: Object.fromEntries(
        Object.entries(plan.days).map(([day, blocks]) => [
          day,
          day === 'sat'
            ? [
                { id: 'morning', start: '00:00', end: '12:00', playlistId, startMode: 'soft' },
                { id: 'afternoon', start: '12:00', end: '24:00', playlistId: 'deleted-playlist', startMode: 'hard' },
              ]
            : blocks,
        ]),
      ),
    };
    const planFile = join(dir, 'weekend.json');
    writeFileSync(planFile, JSON.stringify(broken));
    const { code, out } = await cli(['simulate', '--days', '1', '--data-dir', dir, '--plan', planFile, '--start', '2026-11-21T00:00:00+08:00']);
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/problem: .*afternoon.*deleted-playlist|problem: .*deleted-playlist.*afternoon/);
    expect(Number(/(\d+) lines aired/.exec(text)?.[1])).toBeGreaterThan(100);
    // The broken afternoon is not silent: another playlist fills it.
    expect(Number(/(\d+) lines aired in place of blocks whose playlist cannot air/.exec(text)?.[1])).toBeGreaterThan(100);
  });

  it('on a data folder with no plan, says so and how to give it one, and exits 1', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stagehost-sim-empty-'));
    const { code, out } = await cli(['simulate', '--days', '7', '--data-dir', dir]);
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/problem: no-plan/);
    expect(text).toContain(`the data folder ${dir} has no plan`);
    expect(text).toMatch(/0 lines aired/);
  });
});
