import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { hasHan } from '../../shared/align';
import { LocaleSchema, type Locale } from '../../shared/domain';
import { normalizeLines, PronunciationDictionarySchema, type PronunciationDictionary } from '../../shared/normalize';
import { importCommand } from '../library/import-command';
import { openLibrary } from '../library/open-library';
import { simulateCommand } from '../playout/simulate-command';
import { SpeechError } from '../speech/engine';
import { storeRenderRequests } from '../speech/script-lines';
import { createSpeechService, STORE_DICTIONARY_META_KEY } from '../speech/speech-service';
import { createSystemEngine } from '../speech/system-engine';

/**
 * StageHost command line: `npx tsx main/cli/main.ts <command> [options]` (`npm run cli -- …`).
 *
 * To add a command, write a `CliCommand` and append it to COMMANDS: dispatch, `help` and usage
 * errors (exit code 2) come for free. Throw `UsageError` for bad arguments; any other error is
 * reported as a failure (exit code 1).
 */

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full usage text (options), shown by `help <command>` and `<command> --help`. */
  usage: string;
  /** Returns the exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** parseArgs with our conventions: strict, and its errors turned into UsageError. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The data folder: --data-dir, else $STAGEHOST_DATA_DIR, else a folder in the temp directory. */
export function resolveDataDir(flag: string | undefined, io: CliIO): string {
  const dir = flag ?? io.env.STAGEHOST_DATA_DIR;
  return dir ? resolve(io.cwd, dir) : join(tmpdir(), 'stagehost-data');
}

// ── speak ──

const speak: CliCommand = {
  name: 'speak',
  summary: 'render one line with the system voice to a WAV file and a timing track',
  usage: [
    'speak --text "…" --out a.wav [--track a.json] [options]',
    '  --text TEXT       the line to say (use --text=-… for text that starts with "-")',
    '  --out FILE        where to write the WAV (PCM 16-bit mono)',
    '  --track FILE      where to write the timing track (JSON: visemes and words)',
    '  --lang LOCALE     zh-CN or en-US (default: zh-CN if the text has Han characters, else en-US)',
    '  --voice NAME      engine voice (default: the locale\'s default voice)',
    '  --rate N          relative speaking rate, 0.5–2 (default 1)',
    '  --pitch N         relative pitch, 0.5–2 (default 1)',
    '  --data-dir DIR    data folder (default $STAGEHOST_DATA_DIR or a temp folder); cache in DIR/speech-cache',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      text: { type: 'string' },
      out: { type: 'string' },
      track: { type: 'string' },
      lang: { type: 'string' },
      voice: { type: 'string' },
      rate: { type: 'string' },
      pitch: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (values.help) {
      io.out(`usage: ${this.usage}`);
      return EXIT_OK;
    }
    const text = values.text;
    if (text === undefined || text.trim() === '') throw new UsageError('speak: --text is required (and must not be empty)');
    if (!values.out) throw new UsageError('speak: --out is required');
    let locale: Locale;
    if (values.lang === undefined) locale = hasHan(text) ? 'zh-CN' : 'en-US';
    else {
      const parsed = LocaleSchema.safeParse(values.lang);
      if (!parsed.success) throw new UsageError(`speak: --lang must be zh-CN or en-US, got "${values.lang}"`);
      locale = parsed.data;
    }
    const number = (name: string, raw: string | undefined): number => {
      if (raw === undefined) return 1;
      const v = Number(raw);
      if (!Number.isFinite(v) || v < 0.5 || v > 2) throw new UsageError(`speak: --${name} must be a number from 0.5 to 2, got "${raw}"`);
      return v;
    };
    const rate = number('rate', values.rate);
    const pitch = number('pitch', values.pitch);

    const dataDir = resolveDataDir(values['data-dir'], io);
    const service = createSpeechService({ cacheDir: join(dataDir, 'speech-cache'), engines: [createSystemEngine()] });
    const started = performance.now();
    const { utterance, cacheHit, audioId } = await service.render(
      { text, locale, voice: values.voice ?? null, rate, pitch },
      { engineId: 'system' },
    );
    const ms = Math.round(performance.now() - started);

    const outPath = resolve(io.cwd, values.out);
    await mkdir(dirname(outPath), { recursive: true });
    await writeFile(outPath, utterance.wav);
    if (values.track) {
      const trackPath = resolve(io.cwd, values.track);
      await mkdir(dirname(trackPath), { recursive: true });
      await writeFile(trackPath, `${JSON.stringify(utterance.track, null, 2)}\n`);
    }
    const seconds = (utterance.durationMs / 1000).toFixed(2);
    io.out(
      `spoke ${[...text].length} chars (${locale}, ${utterance.engine}/${utterance.voice ?? 'default'}) → ${values.out} ${seconds} s, ` +
        `${utterance.track.visemes.length} visemes, ${utterance.track.words.length} words, ` +
        `${cacheHit ? 'cache hit' : 'rendered'} in ${ms} ms [${audioId.slice(0, 12)}]`,
    );
    return EXIT_OK;
  },
};

// ── normalize ──

/** Reads a pronunciation dictionary file: `[{ "word": "…", "reading": "…" }]` or `{ "word": "reading" }`. */
export async function readDictionaryFile(path: string): Promise<PronunciationDictionary> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (e) {
    throw new UsageError(`cannot read the dictionary ${path}: ${(e as Error).message}`);
  }
  const asList = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.entries(raw).map(([word, reading]) => ({ word, reading })) : raw;
  const parsed = PronunciationDictionarySchema.safeParse(asList);
  if (!parsed.success) throw new UsageError(`the dictionary ${path} is not a list of {word, reading}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

function parseLocale(command: string, raw: string | undefined, text: string): Locale {
  if (raw === undefined) return hasHan(text) ? 'zh-CN' : 'en-US';
  const parsed = LocaleSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${command}: --lang must be zh-CN or en-US, got "${raw}"`);
  return parsed.data;
}

const normalize: CliCommand = {
  name: 'normalize',
  summary: 'print the reading a text will get (prices, numbers, units, dates…), one line per spoken line',
  usage: [
    'normalize --text "…" [--lang zh-CN|en-US] [--dictionary FILE] [--max-length N] [--json]',
    '  --text TEXT        the text as the merchant typed it',
    '  --lang LOCALE      zh-CN or en-US (default: zh-CN if the text has Han characters, else en-US)',
    '  --dictionary FILE  pronunciation dictionary (JSON: [{"word":"…","reading":"…"}] or {"word":"reading"})',
    '  --max-length N     longest line in characters (default 50 for zh-CN, 140 for en-US)',
    '  --json             print {"locale","lines"} as JSON',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      text: { type: 'string' },
      lang: { type: 'string' },
      dictionary: { type: 'string' },
      'max-length': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.out(`usage: ${this.usage}`);
      return EXIT_OK;
    }
    const text = values.text;
    if (text === undefined) throw new UsageError('normalize: --text is required');
    const locale = parseLocale('normalize', values.lang, text);
    let maxLength: number | undefined;
    if (values['max-length'] !== undefined) {
      maxLength = Number(values['max-length']);
      if (!Number.isInteger(maxLength) || maxLength < 8 || maxLength > 1000) throw new UsageError(`normalize: --max-length must be an integer from 8 to 1000, got "${values['max-length']}"`);
    }
    const dictionary = values.dictionary ? await readDictionaryFile(resolve(io.cwd, values.dictionary)) : [];
    const lines = normalizeLines(text, locale, { dictionary, ...(maxLength !== undefined ? { maxLength } : {}) });
    if (values.json) io.out(JSON.stringify({ locale, lines }));
    else if (lines.length === 0) io.err('(nothing to say: the text has no words)');
    else for (const l of lines) io.out(l);
    return EXIT_OK;
  },
};

// ── prerender ──

const prerender: CliCommand = {
  name: 'prerender',
  summary: "render every line of the store's playlists into the speech cache ahead of air",
  usage: [
    'prerender [--playlist ID] [--data-dir DIR] [--json] [--concurrency N]',
    '  --playlist ID      only this playlist (default: all playlists)',
    '  --data-dir DIR     data folder with the library (default $STAGEHOST_DATA_DIR or a temp folder)',
    '  --json             progress as JSON lines on stderr, the summary as one JSON line on stdout',
    '  --concurrency N    lines rendered at once, 1–8 (default 2)',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      playlist: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      concurrency: { type: 'string' },
    });
    if (values.help) {
      io.out(`usage: ${this.usage}`);
      return EXIT_OK;
    }
    const concurrency = values.concurrency === undefined ? 2 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) throw new UsageError(`prerender: --concurrency must be 1–8, got "${values.concurrency}"`);
    const dataDir = resolveDataDir(values['data-dir'], io);
    const library = openLibrary({ dataDir, locale: 'zh-CN', seedsDir: null });
    let requests;
    let dictionary: PronunciationDictionary = [];
    let engineId: string;
    try {
      const snapshot = library.store.snapshot();
      if (values.playlist !== undefined && !snapshot.playlists.some((p) => p.id === values.playlist)) {
        throw new UsageError(`prerender: no playlist "${values.playlist}" (have: ${snapshot.playlists.map((p) => p.id).join(', ') || 'none'})`);
      }
      requests = storeRenderRequests({
        locale: snapshot.settings.locale,
        speech: snapshot.settings.speech,
        playlists: snapshot.playlists,
        scripts: snapshot.scripts,
        products: snapshot.products,
        ...(values.playlist !== undefined ? { playlistId: values.playlist } : {}),
      });
      const stored = PronunciationDictionarySchema.safeParse(library.store.getMeta(STORE_DICTIONARY_META_KEY) ?? []);
      if (stored.success) dictionary = stored.data;
      engineId = snapshot.settings.speech.engine;
    } finally {
      library.close();
    }
    const service = createSpeechService({ cacheDir: join(dataDir, 'speech-cache'), engines: [createSystemEngine()], dictionary: () => dictionary });
    const ac = new AbortController();
    const onSignal = () => ac.abort();
    process.once('SIGINT', onSignal);
    try {
      const summary = await service.prerender(requests, {
        engineId,
        signal: ac.signal,
        concurrency,
        onProgress: (p) => {
          if (values.json) io.err(JSON.stringify({ progress: p.done, total: p.total, rendered: p.rendered, cacheHits: p.cacheHits, failed: p.failed }));
          else io.err(`[${p.done}/${p.total}] ${p.text.slice(0, 60)}`);
        },
      });
      if (values.json) io.out(JSON.stringify({ dataDir, lines: summary.total, ...summary, health: service.health() }));
      else {
        io.out(
          `prerendered ${summary.total} lines: ${summary.rendered} rendered, ${summary.cacheHits} from the cache, ${summary.failed} failed` +
            `${summary.cancelled ? ' (cancelled)' : ''}; ${summary.audioSeconds} s of audio in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
        );
        for (const e of summary.errors) io.err(`  failed: ${e.text.slice(0, 60)} — ${e.error}`);
      }
      return summary.failed > 0 ? EXIT_FAILURE : EXIT_OK;
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
  },
};

// ── dispatch ──

/** Every subcommand. Append new ones here. */
export const COMMANDS: CliCommand[] = [speak, normalize, prerender, simulateCommand, importCommand];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: stagehost <command> [options]   (npx tsx main/cli/main.ts …, npm run cli -- …)',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  show this help, or a command's options: help <command>`,
    '',
    ...COMMANDS.flatMap((c) => [c.usage, '']),
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(usage());
    return EXIT_USAGE;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] && COMMANDS.find((c) => c.name === rest[0]);
    io.out(topic ? `usage: ${topic.usage}` : usage());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command "${name}"\n`);
    io.err(usage());
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      io.err(`usage: ${command.usage}`);
      return EXIT_USAGE;
    }
    if (e instanceof SpeechError && e.code === 'bad-input') {
      io.err(`error: ${e.message}`);
      return EXIT_USAGE;
    }
    io.err(`error: ${(e as Error).message ?? String(e)}`);
    return EXIT_FAILURE;
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const io: CliIO = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`fatal: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
