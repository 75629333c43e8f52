/**
 * `npm run bench:playout`: 7 days of the real playout on a simulated clock, with a simulated stage
 * that plays each utterance for its real duration. Speech is the real system engine (espeak-ng on
 * Linux) through the speech service and its cache: each distinct line is rendered once, then reused.
 * Prints one JSON line.
 *
 * The plan exercises what a merchant's week holds: soft and hard blocks, a block crossing midnight,
 * an off-air gap filled by the idle playlist, a dated override (an all-day promo), shuffled product
 * and tag items with weights, interval reminders, hourly clock calls and a welcome per block, and a
 * clock jump (the machine sleeps for 40 minutes) on day 3.
 */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan, PlanBlock, Playlist } from '../shared/domain';
import { openLibrary } from '../main/library/open-library';
import { simulate } from '../main/playout/simulate';
import { createSpeechService } from '../main/speech/speech-service';
import { createSystemEngine } from '../main/speech/system-engine';

const seedsDir = fileURLToPath(new URL('../seeds', import.meta.url));
const cacheDir = process.env.STAGEHOST_BENCH_CACHE ?? join(tmpdir(), 'stagehost-bench-speech-cache');
mkdirSync(cacheDir, { recursive: true });

const lib = openLibrary({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-bench-')), locale: 'zh-CN', seedsDir });
const store = lib.store;
const base = store.snapshot();

const products = base.products.map((p) => p.id);
const playlists: Playlist[] = [
  {
    id: 'pl-day',
    name: '白天轮播',
    items: [...products.map((productId, i) => ({ type: 'product' as const, productId, weight: i < 2 ? 2 : 1 })), { type: 'script', scriptId: 's-notice' }],
    loop: true,
    shuffle: true,
    noRepeatWindow: 4,
    rules: [{ id: 'follow-reminder', kind: 'interval', minMinutes: 10, maxMinutes: 15, source: { scriptId: 's-follow' } }],
  },
  {
    id: 'pl-promo',
    name: '整点秒杀',
    items: [
      { type: 'script', scriptId: 's-pan-1' },
      { type: 'script', scriptId: 's-kettle-1' },
      { type: 'script', scriptId: 's-tea-1' },
    ],
    loop: true,
    shuffle: false,
  },
  { id: 'pl-night', name: '夜间', items: [{ type: 'tag', tag: '演示' }], loop: true, shuffle: true, noRepeatWindow: 6 },
  { id: 'pl-idle', name: '空档', items: [{ type: 'script', scriptId: 's-notice' }, { type: 'script', scriptId: 's-follow' }], loop: true, shuffle: false },
];
for (const p of playlists) store.upsertPlaylist(p);

const b = (id: string, start: string, end: string, playlistId: string, startMode: 'soft' | 'hard' = 'soft'): PlanBlock => ({ id, start, end, playlistId, startMode });
const weekday = (d: string): PlanBlock[] => [
  b(`${d}-morning`, '06:00', '12:00', 'pl-day'),
  b(`${d}-noon`, '12:00', '13:00', 'pl-promo', 'hard'),
  b(`${d}-afternoon`, '13:00', '20:00', 'pl-day'),
  b(`${d}-prime`, '20:00', '22:30', 'pl-promo', 'hard'),
  b(`${d}-night`, '22:30', '02:00', 'pl-night'),
];
const plan: Plan = {
  id: 'plan-bench',
  name: '一周计划',
  timeZone: 'Asia/Shanghai',
  days: { mon: weekday('mon'), tue: weekday('tue'), wed: weekday('wed'), thu: weekday('thu'), fri: weekday('fri'), sat: weekday('sat'), sun: weekday('sun') },
  overrides: [{ date: '2026-11-11', name: '双十一', blocks: [b('1111-all-day', '00:00', '24:00', 'pl-promo', 'hard')] }],
  gap: { mode: 'idle', playlistId: 'pl-idle' },
  rules: [
    { id: 'clock', kind: 'clock', source: { text: '现在是北京时间{{time}}，欢迎大家来到直播间。' } },
    { id: 'welcome', kind: 'welcome', source: { scriptId: 's-welcome' } },
  ],
};
store.upsertPlan(plan, { activate: true });
const library = store.snapshot();
lib.close();

const speech = createSpeechService({ cacheDir, engines: [createSystemEngine()] });
const report = await simulate({
  library,
  speech: { render: (r) => speech.render({ text: r.text, locale: r.locale, voice: r.voice, rate: r.rate, pitch: r.pitch }, { engineId: r.engine }) },
  days: 7,
  start: Date.UTC(2026, 10, 8, 16, 0, 0), // Mon 2026-11-09 00:00 in Shanghai; the week holds 11-11
  clockJumps: [{ atMs: 2 * 86_400_000 + 10 * 3_600_000, byMs: 40 * 60_000 }],
});
const { simulatedHours, linesAired, missedBlocks, maxBoundaryLatenessMs, maxGapMs, immediateRepeats, wallMs } = report;
console.log(
  JSON.stringify({
    simulatedHours,
    linesAired,
    missedBlocks,
    maxBoundaryLatenessMs,
    maxGapMs,
    immediateRepeats,
    wallMs,
    maxHardBoundaryLatenessMs: report.maxHardBoundaryLatenessMs,
    blocks: report.blocks,
    inserts: report.inserts,
    fillers: report.fillers,
    distinctLines: report.distinctLines,
    planProblems: report.problems.length,
  }),
);
if (process.env.BENCH_VERBOSE) console.error(JSON.stringify({ missed: report.missed, lateHard: report.lateHard, problems: report.problems }, null, 1));
