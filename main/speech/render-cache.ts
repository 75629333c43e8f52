import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { TimingTrackSchema } from '../../shared/timing';
import type { Utterance } from './engine';
import { readWavHeader } from './wav';

/**
 * Content-addressed cache of rendered utterances on disk: `<key>.wav` (the audio) and `<key>.json`
 * (track + meta) in one folder. The key is the sha256 of everything that decides the sound.
 *
 * Crash safety: each file is written to a temporary name, flushed and renamed into place; the JSON
 * is written last and acts as the commit mark. On read both files are validated (zod schema for the
 * JSON, header, length and sha256 for the WAV); anything corrupt or half-written is a miss and is
 * deleted.
 *
 * Size cap: the cache keeps an index of its entries (bytes, last access) and, after each write,
 * evicts the least recently used entries until it is under 90 % of `maxBytes`. The access time is
 * the JSON's mtime, touched on every hit, so the order survives restarts.
 *
 * Same text, any voice: `by-text/<textKey>` lists the entries rendered from one (locale, reading),
 * so that when every engine fails the service can still play the line in another voice.
 */

export interface CacheKeyInput {
  engineId: string;
  engineVersion: string;
  voice: string | null;
  rate: number;
  pitch: number;
  locale: string;
  text: string;
  /** Speaking style; absent or null keeps the keys of earlier entries. */
  style?: string | null;
}

export const CACHE_KEY_PATTERN = /^[a-f0-9]{64}$/;

export function isCacheKey(value: string): boolean {
  return CACHE_KEY_PATTERN.test(value);
}

/** sha256 hex of the JSON of the inputs, in a fixed field order. */
export function cacheKey(input: CacheKeyInput): string {
  const canonical = JSON.stringify({
    engine: input.engineId,
    version: input.engineVersion,
    voice: input.voice,
    rate: input.rate,
    pitch: input.pitch,
    locale: input.locale,
    text: input.text,
    ...(input.style ? { style: input.style } : {}),
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

const CacheMetaSchema = z.object({
  format: z.literal(1),
  key: z.string().regex(CACHE_KEY_PATTERN),
  engine: z.string(),
  voice: z.string().nullable(),
  sampleRate: z.number().int().positive(),
  durationMs: z.number().nonnegative(),
  wavBytes: z.number().int().positive(),
  track: TimingTrackSchema,
  createdAt: z.number(),
  /** sha256 hex of the WAV file (entries written before it was added have none). */
  wavSha256: z.string().regex(/^[a-f0-9]{64}$/).optional(),
  /** textKey() of the line (locale + reading), for the same-text fallback. */
  textKey: z.string().regex(CACHE_KEY_PATTERN).optional(),
  blendShapes: z.object({ fps: z.number().positive(), frames: z.array(z.array(z.number())) }).optional(),
});
export type CacheMeta = z.infer<typeof CacheMetaSchema>;

/** The key of a line's text regardless of engine and voice. */
export function textKey(locale: string, reading: string): string {
  return createHash('sha256').update(JSON.stringify({ locale, text: reading }), 'utf8').digest('hex');
}

export interface RenderCacheOptions {
  /** Size cap in bytes (WAV + JSON); default 2 GiB. */
  maxBytes?: number;
}

export interface CacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
}

export interface RenderCache {
  readonly dir: string;
  /** The cached utterance, or null (missing, or corrupt: then the entry is deleted). */
  get(key: string): Promise<Utterance | null>;
  put(key: string, utterance: Utterance, textKey?: string): Promise<void>;
  /** The most recently written valid entry rendered from the same text (any engine, any voice). */
  findByText(textKey: string): Promise<{ key: string; utterance: Utterance } | null>;
  /** Entries and bytes on disk (after the first scan; zeros before). */
  stats(): CacheStats;
  /** Validates every entry; corrupt ones are deleted. */
  verify(): Promise<{ checked: number; removed: number }>;
  /** Absolute path of the entry's WAV if the entry is present (not validated), else null. */
  wavPath(key: string): string | null;
  delete(key: string): Promise<void>;
}

/** Temporary files older than this are leftovers of a crash. */
const STALE_TMP_MS = 10 * 60_000;

export const DEFAULT_CACHE_MAX_BYTES = 2 * 1024 ** 3;

export function createRenderCache(dir: string, options: RenderCacheOptions = {}): RenderCache {
  const maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES);
  const wavFile = (key: string) => join(dir, `${key}.wav`);
  const jsonFile = (key: string) => join(dir, `${key}.json`);
  const textDir = join(dir, 'by-text');
  const textFile = (tk: string) => join(textDir, tk);
  let ready: Promise<void> | null = null;
  /** key → bytes on disk and last access (ms). */
  const index = new Map<string, { bytes: number; atime: number }>();
  let totalBytes = 0;

  const ensureDir = () => {
    ready ??= (async () => {
      await mkdir(textDir, { recursive: true });
      await sweepTemporaries(dir);
      await scan();
    })();
    return ready;
  };

  async function scan(): Promise<void> {
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((n) => n.endsWith('.json') && isCacheKey(n.slice(0, -5)))
        .map(async (n) => {
          const key = n.slice(0, -5);
          const [j, w] = await Promise.all([stat(jsonFile(key)).catch(() => null), stat(wavFile(key)).catch(() => null)]);
          if (j && w) track(key, j.size + w.size, j.mtimeMs);
        }),
    );
  }

  function track(key: string, bytes: number, atime: number): void {
    const old = index.get(key);
    if (old) totalBytes -= old.bytes;
    index.set(key, { bytes, atime });
    totalBytes += bytes;
  }

  function untrack(key: string): void {
    const old = index.get(key);
    if (old) totalBytes -= old.bytes;
    index.delete(key);
  }

  async function evict(keep: string): Promise<void> {
    if (totalBytes <= maxBytes) return;
    const target = maxBytes * 0.9;
    const oldest = [...index.entries()].filter(([k]) => k !== keep).sort((a, b) => a[1].atime - b[1].atime);
    for (const [key] of oldest) {
      if (totalBytes <= target) break;
      await remove(key);
    }
  }

  async function readEntry(key: string): Promise<{ utterance: Utterance; meta: CacheMeta; bytes: number } | null> {
    let metaText: string;
    try {
      metaText = await readFile(jsonFile(key), 'utf8');
    } catch {
      // No commit mark: a WAV alone is an interrupted write.
      if (existsSync(wavFile(key))) await remove(key);
      else untrack(key);
      return null;
    }
    try {
      const meta = CacheMetaSchema.parse(JSON.parse(metaText));
      if (meta.key !== key) throw new Error('key mismatch');
      const wav = await readFile(wavFile(key));
      if (wav.length !== meta.wavBytes) throw new Error(`WAV is ${wav.length} bytes, expected ${meta.wavBytes}`);
      if (meta.wavSha256 !== undefined && createHash('sha256').update(wav).digest('hex') !== meta.wavSha256) throw new Error('WAV checksum mismatch');
      const header = readWavHeader(wav);
      if (header.dataOffset + header.dataBytes !== wav.length) throw new Error('WAV data does not fill the file');
      if (header.sampleRate !== meta.sampleRate || Math.abs(header.durationMs - meta.durationMs) > 1) throw new Error('WAV does not match its meta');
      return {
        meta,
        bytes: wav.length + Buffer.byteLength(metaText),
        utterance: {
          wav,
          sampleRate: meta.sampleRate,
          durationMs: meta.durationMs,
          track: meta.track,
          engine: meta.engine,
          voice: meta.voice,
          ...(meta.blendShapes ? { blendShapes: meta.blendShapes } : {}),
        },
      };
    } catch {
      await remove(key);
      return null;
    }
  }

  async function touch(key: string, bytes: number): Promise<void> {
    const now = new Date();
    await utimes(jsonFile(key), now, now).catch(() => undefined);
    track(key, bytes, now.getTime());
  }

  const assertKey = (key: string) => {
    if (!isCacheKey(key)) throw new Error(`bad cache key: ${JSON.stringify(key)}`);
  };

  async function remove(key: string): Promise<void> {
    untrack(key);
    await Promise.all([unlink(jsonFile(key)).catch(() => undefined), unlink(wavFile(key)).catch(() => undefined)]);
  }

  return {
    dir,
    async get(key) {
      assertKey(key);
      await ensureDir();
      const entry = await readEntry(key);
      if (!entry) return null;
      // LRU: the access time orders eviction (oldest first).
      await touch(key, entry.bytes);
      return entry.utterance;
    },
    async put(key, utterance, tk) {
      assertKey(key);
      if (tk !== undefined && !isCacheKey(tk)) throw new Error(`bad text key: ${JSON.stringify(tk)}`);
      await ensureDir();
      const meta: CacheMeta = {
        format: 1,
        key,
        engine: utterance.engine,
        voice: utterance.voice,
        sampleRate: utterance.sampleRate,
        durationMs: utterance.durationMs,
        wavBytes: utterance.wav.length,
        track: utterance.track,
        createdAt: Date.now(),
        wavSha256: createHash('sha256').update(utterance.wav).digest('hex'),
        ...(tk !== undefined ? { textKey: tk } : {}),
        ...(utterance.blendShapes ? { blendShapes: utterance.blendShapes } : {}),
      };
      CacheMetaSchema.parse(meta);
      const json = Buffer.from(JSON.stringify(meta), 'utf8');
      await writeAtomic(wavFile(key), utterance.wav);
      await writeAtomic(jsonFile(key), json);
      track(key, utterance.wav.length + json.length, Date.now());
      if (tk !== undefined) {
        const listed = (await readFile(textFile(tk), 'utf8').catch(() => '')).split('\n').filter((k) => isCacheKey(k) && k !== key);
        await writeAtomic(textFile(tk), Buffer.from([key, ...listed].slice(0, 8).join('\n'), 'utf8')).catch(() => undefined);
      }
      await evict(key);
    },
    async findByText(tk) {
      if (!isCacheKey(tk)) return null;
      await ensureDir();
      const listed = (await readFile(textFile(tk), 'utf8').catch(() => '')).split('\n').filter(isCacheKey);
      for (const key of listed) {
        const entry = await readEntry(key);
        if (entry && entry.meta.textKey === tk) {
          await touch(key, entry.bytes);
          return { key, utterance: entry.utterance };
        }
      }
      return null;
    },
    stats() {
      return { entries: index.size, bytes: totalBytes, maxBytes };
    },
    async verify() {
      await ensureDir();
      const keys = [...index.keys()];
      let removed = 0;
      for (const key of keys) if (!(await readEntry(key))) removed++;
      return { checked: keys.length, removed };
    },
    wavPath(key) {
      if (!isCacheKey(key)) return null;
      return existsSync(jsonFile(key)) && existsSync(wavFile(key)) ? wavFile(key) : null;
    },
    async delete(key) {
      assertKey(key);
      await remove(key);
    },
  };
}

/** Writes to a temporary file in the same folder, flushes it, then renames it into place. */
async function writeAtomic(path: string, data: Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

async function sweepTemporaries(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const now = Date.now();
  await Promise.all(
    names
      .filter((n) => n.endsWith('.tmp'))
      .map(async (n) => {
        const p = join(dir, n);
        const s = await stat(p).catch(() => null);
        if (s && now - s.mtimeMs > STALE_TMP_MS) await unlink(p).catch(() => undefined);
      }),
  );
}
