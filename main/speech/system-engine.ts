import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locale } from '../../shared/domain';
import { alignTrack, estimateTextWords, pairTextWithPhones, type PhonemeWord } from '../../shared/align';
import { espeakToPhoneClauses } from '../../shared/phonemes';
import { SpeechError, type RenderRequest, type SpeechEngine, type Utterance, type Voice } from './engine';
import { decodeWav, encodeWav, rmsEnvelope } from './wav';

/**
 * The "system" engine: the operating system's own voice rendered to a WAV file, with a timing track
 * aligned from text to the audio envelope.
 *   - Linux: espeak-ng (phonemes from the same run, `-x`, drive the visemes);
 *   - macOS: `say` (track from text-only syllable estimates);
 *   - Windows: System.Speech through PowerShell (track from text-only syllable estimates; SAPI's own
 *     viseme events, which share Azure's id space, could replace them later).
 * Text never goes through a shell: arguments are arrays, the text goes through stdin or a file.
 */

export const SYSTEM_ENGINE_ID = 'system';
/** Bump when the audio or the track this engine produces changes (it is part of the cache key). */
export const SYSTEM_ENGINE_VERSION = '2';

export interface SystemEngineOptions {
  /** Which OS branch to use; default process.platform. */
  platform?: NodeJS.Platform;
  /** espeak-ng binary (Linux); default "espeak-ng" from PATH. */
  espeakPath?: string;
  /** Upper bound for one render, in ms; default 30 s. */
  timeoutMs?: number;
  /** Where temporary files go; default os.tmpdir(). */
  tmpDir?: string;
}

/** Longest line we accept (a script body is at most 20 000 characters). */
const MAX_TEXT = 20_000;
const VOICE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _+\-.()/]{0,99}$/u;

/**
 * espeak-ng voice for a locale. For Mandarin we use `cmn-latn-pinyin`, not `cmn`: in espeak-ng 1.51
 * (Debian 12) the `cmn` voice reads multi-character dictionary words as English-spelled pinyin
 * ("欢迎" comes out as "hu-an-five ying-two"); `cmn-latn-pinyin` reads them correctly. Its only
 * difference is that Latin letters in Chinese text are read as pinyin rather than English.
 */
export function espeakVoiceFor(locale: Locale | string): string {
  return String(locale).toLowerCase().startsWith('zh') ? 'cmn-latn-pinyin' : 'en-us';
}

/** Relative rate (1 = normal) → espeak-ng words per minute (default 175). */
export function espeakRate(rate: number): number {
  return Math.round(Math.min(450, Math.max(80, 175 * (Number.isFinite(rate) ? rate : 1))));
}

/** Relative pitch (1 = normal) → espeak-ng pitch 0–99 (default 50). */
export function espeakPitch(pitch: number): number {
  return Math.round(Math.min(99, Math.max(0, 50 * (Number.isFinite(pitch) ? pitch : 1))));
}

/** Text as any OS voice may safely receive it: no control characters (espeak's embedded commands). */
function cleanText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
      // OS voices have no portable break markup: a pause marker becomes a clause break.
      .replace(/\s*\[pause\s+\d{1,5}\]\s*/gi, (_m, offset: number, all: string) => (/\p{Script=Han}/u.test(all) ? '，' : offset === 0 ? '' : ', '))
  );
}

function validate(req: RenderRequest): void {
  if (typeof req.text !== 'string' || req.text.trim().length === 0) throw new SpeechError('bad-input', 'nothing to say: the text is empty');
  if (req.text.length > MAX_TEXT) throw new SpeechError('bad-input', `text too long: ${req.text.length} characters (max ${MAX_TEXT})`);
  if (req.voice !== null && !VOICE_NAME.test(req.voice)) throw new SpeechError('bad-input', `bad voice name: ${JSON.stringify(req.voice)}`);
  if (!(req.rate >= 0.25 && req.rate <= 4)) throw new SpeechError('bad-input', `rate out of range: ${req.rate}`);
  if (!(req.pitch >= 0.25 && req.pitch <= 4)) throw new SpeechError('bad-input', `pitch out of range: ${req.pitch}`);
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  input?: string;
  signal?: AbortSignal;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

const MAX_OUTPUT = 8 * 1024 * 1024;

/** Runs a program with an argument array (no shell), feeding `input` to stdin. Kills it on abort/timeout. */
function run(cmd: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new SpeechError('aborted', 'render aborted'));
      return;
    }
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, env: opts.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const onAbort = () => {
      kill();
      finish(() => reject(new SpeechError('aborted', 'render aborted')));
    };
    const timer = setTimeout(() => {
      kill();
      finish(() => reject(new SpeechError('render-failed', `${cmd} timed out after ${opts.timeoutMs} ms`)));
    }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > MAX_OUTPUT) {
        kill();
        finish(() => reject(new SpeechError('render-failed', `${cmd} wrote too much output`)));
      } else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.reduce((n, x) => n + x.length, 0) < 64 * 1024) err.push(b);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish(() =>
        reject(
          e.code === 'ENOENT'
            ? new SpeechError('engine-unavailable', `${cmd} is not installed`)
            : new SpeechError('render-failed', `${cmd} failed to start: ${e.message}`),
        ),
      );
    });
    child.on('close', (code) => {
      finish(() => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
    // The child may exit before reading everything (e.g. killed): ignore EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** Builds the utterance from a WAV file the OS voice wrote: canonical PCM16 mono WAV + aligned track. */
function buildUtterance(raw: Buffer, words: PhonemeWord[], voice: string | null): Utterance {
  let decoded;
  try {
    decoded = decodeWav(raw);
  } catch (e) {
    throw new SpeechError('render-failed', `the voice wrote an unreadable WAV: ${(e as Error).message}`);
  }
  const wav = encodeWav(decoded.samples, decoded.sampleRate);
  const envelope = rmsEnvelope(decoded.samples, decoded.sampleRate, 10);
  const track = alignTrack(words, envelope, { durationMs: decoded.durationMs });
  return { wav, sampleRate: decoded.sampleRate, durationMs: decoded.durationMs, track, engine: SYSTEM_ENGINE_ID, voice };
}

async function withTempDir<T>(base: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(base, 'stagehost-tts-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function checkExit(cmd: string, r: RunResult): void {
  if (r.code !== 0) {
    throw new SpeechError('render-failed', `${cmd} exited with ${r.code}: ${r.stderr.trim().slice(0, 500) || 'no message'}`);
  }
}

/** Locale of an espeak-ng language code, e.g. "cmn-latn-pinyin" → "zh-CN", "en-us" → "en-US". */
function espeakLocale(lang: string): string {
  if (lang.startsWith('cmn') || lang === 'zh') return 'zh-CN';
  const [l, region] = lang.split('-');
  return region && region.length === 2 ? `${l}-${region.toUpperCase()}` : (l ?? lang);
}

interface Platform {
  available(): Promise<boolean>;
  voices(): Promise<Voice[]>;
  render(req: RenderRequest, signal: AbortSignal | undefined): Promise<Utterance>;
}

function linux(opts: Required<SystemEngineOptions>): Platform {
  const bin = opts.espeakPath;
  return {
    async available() {
      try {
        const r = await run(bin, ['--version'], { timeoutMs: 5000 });
        return r.code === 0;
      } catch {
        return false;
      }
    },
    async voices() {
      const r = await run(bin, ['--voices'], { timeoutMs: 5000 });
      checkExit(bin, r);
      const voices: Voice[] = [];
      for (const line of r.stdout.split('\n').slice(1)) {
        // " 5  cmn-latn-pinyin --/M      Chinese_(Mandarin,_latin_as_Pinyin) sit/cmn-Latn-pinyin  (zh-cmn 5)(zh 5)"
        const m = /^\s*\d+\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
        if (!m) continue;
        const [, lang = '', ageGender = '', name = ''] = m;
        if (!/^(cmn|en)(-|$)/.test(lang)) continue;
        const g = /\/([MF])$/i.exec(ageGender)?.[1]?.toUpperCase();
        voices.push({ id: lang, name: name.replace(/_/g, ' '), locale: espeakLocale(lang), ...(g ? { gender: g === 'F' ? ('female' as const) : ('male' as const) } : {}) });
      }
      return voices;
    },
    async render(req, signal) {
      const voice = req.voice ?? espeakVoiceFor(req.locale);
      const text = cleanText(req.text);
      return withTempDir(opts.tmpDir, async (dir) => {
        const out = join(dir, 'out.wav');
        // One run gives both: the WAV (-w) and the phonemes it spoke (-x, on stdout). -b 1: UTF-8
        // input; -z: no trailing sentence pause (the playout adds its own gap); no -m: markup in the
        // text is read as text, never as SSML.
        const args = ['-b', '1', '-v', voice, '-s', String(espeakRate(req.rate)), '-p', String(espeakPitch(req.pitch)), '-z', '-x', '--sep', '-w', out, '--stdin'];
        const r = await run(bin, args, { input: text, signal, timeoutMs: opts.timeoutMs });
        checkExit(bin, r);
        const raw = await readFile(out).catch(() => {
          throw new SpeechError('render-failed', `${bin} wrote no audio${r.stderr ? `: ${r.stderr.trim().slice(0, 300)}` : ''}`);
        });
        let words: PhonemeWord[] = [];
        try {
          words = pairTextWithPhones(text, espeakToPhoneClauses(r.stdout), req.locale);
        } catch {
          words = [];
        }
        if (!words.some((w) => w.phones.length > 0)) words = estimateTextWords(text, req.locale);
        return buildUtterance(raw, words, voice);
      });
    },
  };
}

const MAC_DEFAULT_VOICE: Record<string, string> = { 'zh-CN': 'Tingting', 'en-US': 'Samantha' };

function mac(opts: Required<SystemEngineOptions>): Platform {
  const say = '/usr/bin/say';
  return {
    async available() {
      try {
        const r = await run(say, ['-v', '?'], { timeoutMs: 5000 });
        return r.code === 0;
      } catch {
        return false;
      }
    },
    async voices() {
      const r = await run(say, ['-v', '?'], { timeoutMs: 5000 });
      checkExit(say, r);
      // "Tingting             zh_CN    # 你好！我叫婷婷。" (names may contain spaces)
      return r.stdout
        .split('\n')
        .map((l) => /^(.+?)\s+([a-z]{2,3}_[A-Z]{2})\s+#/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ id: m[1] ?? '', name: m[1] ?? '', locale: (m[2] ?? '').replace('_', '-') }));
    },
    async render(req, signal) {
      const voice = req.voice ?? MAC_DEFAULT_VOICE[req.locale] ?? null;
      // `say` obeys [[rate 500]]-style commands inside the text: break them up.
      const text = cleanText(req.text).replace(/\[\[/g, '[ [');
      return withTempDir(opts.tmpDir, async (dir) => {
        const input = join(dir, 'in.txt');
        const out = join(dir, 'out.wav');
        await writeFile(input, text, 'utf8');
        const args = [...(voice ? ['-v', voice] : []), '-r', String(Math.round(180 * req.rate)), '-o', out, '--data-format=LEI16@22050', '-f', input];
        const r = await run(say, args, { signal, timeoutMs: opts.timeoutMs });
        checkExit(say, r);
        const raw = await readFile(out);
        return buildUtterance(raw, estimateTextWords(text, req.locale), voice);
      });
    },
  };
}

/**
 * The PowerShell program is a constant; everything variable (text file, output path, voice, rate,
 * culture) reaches it through environment variables, so nothing is ever interpolated into code.
 */
const WINDOWS_RENDER = `
$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
try {
  if ($env:STAGEHOST_TTS_VOICE) { $s.SelectVoice($env:STAGEHOST_TTS_VOICE) }
  else {
    try { $s.SelectVoiceByHints([System.Speech.Synthesis.VoiceGender]::NotSet, [System.Speech.Synthesis.VoiceAge]::NotSet, 0, [System.Globalization.CultureInfo]::new($env:STAGEHOST_TTS_CULTURE)) } catch {}
  }
  $s.Rate = [int]$env:STAGEHOST_TTS_RATE
  $fmt = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(22050, [System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen, [System.Speech.AudioFormat.AudioChannel]::Mono)
  $s.SetOutputToWaveFile($env:STAGEHOST_TTS_OUT, $fmt)
  $text = [System.IO.File]::ReadAllText($env:STAGEHOST_TTS_TEXT, [System.Text.Encoding]::UTF8)
  $s.Speak($text)
} finally { $s.Dispose() }
`;

const WINDOWS_VOICES = `
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
foreach ($v in $s.GetInstalledVoices()) { if ($v.Enabled) { Write-Output ($v.VoiceInfo.Name + "\`t" + $v.VoiceInfo.Culture.Name) } }
$s.Dispose()
`;

function powershellArgs(script: string): string[] {
  // -EncodedCommand takes base64 of UTF-16LE: no quoting rules to get wrong.
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')];
}

/** Relative rate → SAPI rate −10..10 (each step is roughly ×1.1). */
export function sapiRate(rate: number): number {
  return Math.round(Math.max(-10, Math.min(10, Math.log(rate > 0 ? rate : 1) / Math.log(1.1))));
}

function windows(opts: Required<SystemEngineOptions>): Platform {
  const ps = 'powershell.exe';
  return {
    async available() {
      try {
        return (await this.voices()).length > 0;
      } catch {
        return false;
      }
    },
    async voices() {
      const r = await run(ps, powershellArgs(WINDOWS_VOICES), { timeoutMs: 15_000 });
      checkExit(ps, r);
      return r.stdout
        .split(/\r?\n/)
        .map((l) => l.split('\t'))
        .filter((p) => p.length === 2 && p[0])
        .map(([name = '', culture = '']) => ({ id: name, name, locale: culture }));
    },
    async render(req, signal) {
      const text = cleanText(req.text);
      return withTempDir(opts.tmpDir, async (dir) => {
        const input = join(dir, 'in.txt');
        const out = join(dir, 'out.wav');
        await writeFile(input, text, 'utf8');
        const env = {
          ...process.env,
          STAGEHOST_TTS_TEXT: input,
          STAGEHOST_TTS_OUT: out,
          STAGEHOST_TTS_VOICE: req.voice ?? '',
          STAGEHOST_TTS_CULTURE: req.locale,
          STAGEHOST_TTS_RATE: String(sapiRate(req.rate)),
        };
        const r = await run(ps, powershellArgs(WINDOWS_RENDER), { signal, timeoutMs: opts.timeoutMs, env });
        checkExit(ps, r);
        const raw = await readFile(out);
        return buildUtterance(raw, estimateTextWords(text, req.locale), req.voice);
      });
    },
  };
}

function unsupported(platform: string): Platform {
  const err = () => new SpeechError('engine-unavailable', `no system voice on ${platform}`);
  return {
    available: async () => false,
    voices: async () => [],
    render: async () => {
      throw err();
    },
  };
}

/** The OS voice as a SpeechEngine with id "system". */
export function createSystemEngine(options: SystemEngineOptions = {}): SpeechEngine {
  const opts: Required<SystemEngineOptions> = {
    platform: options.platform ?? process.platform,
    espeakPath: options.espeakPath ?? 'espeak-ng',
    timeoutMs: options.timeoutMs ?? 30_000,
    tmpDir: options.tmpDir ?? tmpdir(),
  };
  const impl =
    opts.platform === 'darwin' ? mac(opts) : opts.platform === 'win32' ? windows(opts) : opts.platform === 'linux' ? linux(opts) : unsupported(opts.platform);
  let availableUntil = 0;
  return {
    id: SYSTEM_ENGINE_ID,
    version: SYSTEM_ENGINE_VERSION,
    async available() {
      // A positive answer is remembered for a minute: the service asks before every render.
      if (Date.now() < availableUntil) return true;
      const ok = await impl.available();
      if (ok) availableUntil = Date.now() + 60_000;
      return ok;
    },
    voices: () => impl.voices(),
    async render(req, signal) {
      validate(req);
      if (signal?.aborted) throw new SpeechError('aborted', 'render aborted');
      return impl.render(req, signal);
    },
  };
}
