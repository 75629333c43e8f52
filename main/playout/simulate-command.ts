import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PlanSchema } from '../../shared/domain';
import { openLibrary } from '../library/open-library';
import { createSpeechService } from '../speech/speech-service';
import { createSystemEngine } from '../speech/system-engine';
import { UsageError, resolveDataDir, type CliCommand } from '../cli/main';
import { simulate } from './simulate';

/** `simulate`: the week-long playout simulation on the merchant's own plan (see bench/playout.ts). */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: "simulate days of playout on the store's plan and report problems, missed blocks and gaps",
  usage: [
    'simulate [--days N] [--json] [--data-dir DIR] [--plan FILE.json] [--start ISO]',
    '  --days N          simulated days, 1–31 (default 7)',
    '  --json            one JSON line: the figures and the plan problems (what and where)',
    '  --data-dir DIR    data folder with the library (default $STAGEHOST_DATA_DIR or a temp folder)',
    '  --plan FILE       simulate this plan (JSON, the Plan format) instead of the active one',
    '  --start ISO       when the simulation starts (default: now)',
    'exits 1 when the plan has problems or a block would be missed, so a script can check a plan',
  ].join('\n'),
  async run(args, io) {
    let values: { days?: string; json?: boolean; 'data-dir'?: string; plan?: string; start?: string; help?: boolean };
    try {
      values = parseArgs({
        args,
        options: {
          days: { type: 'string' },
          json: { type: 'boolean' },
          'data-dir': { type: 'string' },
          plan: { type: 'string' },
          start: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }).values;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (values.help) {
      io.out(`usage: ${this.usage}`);
      return 0;
    }
    const days = Number(values.days ?? 7);
    if (!Number.isInteger(days) || days < 1 || days > 31) throw new UsageError(`simulate: --days must be an integer from 1 to 31, got "${values.days}"`);
    const start = values.start === undefined ? Date.now() : Date.parse(values.start);
    if (!Number.isFinite(start)) throw new UsageError(`simulate: --start is not a date: "${values.start}"`);
    const dataDir = resolveDataDir(values['data-dir'], io);
    const lib = openLibrary({ dataDir, locale: 'zh-CN', seedsDir: null });
    let snapshot;
    try {
      snapshot = lib.store.snapshot();
    } finally {
      lib.close();
    }
    if (values.plan !== undefined) {
      const file = resolve(io.cwd, values.plan);
      let json: unknown;
      try {
        json = JSON.parse(await readFile(file, 'utf8')) as unknown;
      } catch (e) {
        throw new UsageError(`simulate: cannot read the plan ${file}: ${(e as Error).message}`);
      }
      const parsed = PlanSchema.safeParse(json);
      if (!parsed.success) throw new UsageError(`simulate: ${file} is not a valid plan: ${z.prettifyError(parsed.error)}`);
      snapshot = { ...snapshot, plan: parsed.data };
    }
    const speech = createSpeechService({ cacheDir: join(dataDir, 'speech-cache'), engines: [createSystemEngine()] });
    const report = await simulate({
      library: snapshot,
      days,
      start,
      speech: { render: (r) => speech.render({ text: r.text, locale: r.locale, voice: r.voice, rate: r.rate, pitch: r.pitch }, { engineId: r.engine }) },
    });
    if (values.json) {
      io.out(JSON.stringify(report));
    } else {
      io.out(`simulated ${report.simulatedHours} h: ${report.linesAired} lines aired, ${report.blocks} blocks, ${report.missedBlocks} missed`);
      io.out(`worst block start ${report.maxBoundaryLatenessMs} ms late (hard blocks ${report.maxHardBoundaryLatenessMs} ms); worst gap ${report.maxGapMs} ms; ${report.immediateRepeats} immediate repeats`);
      if (report.fallbackLines > 0) io.out(`${report.fallbackLines} lines aired in place of blocks whose playlist cannot air (see the problems)`);
      for (const m of report.missed) io.out(`missed: ${m}`);
      for (const p of report.problems) io.out(`problem: ${p.code} at ${p.where}: ${p.detail}`);
      if (report.problems.some((p) => p.code === 'no-plan')) {
        io.out(`the data folder ${dataDir} has no plan: open the studio with it once (it sets up the demo plan), or pass --plan FILE.json`);
      }
    }
    return report.problems.length > 0 || report.missedBlocks > 0 ? 1 : 0;
  },
};
