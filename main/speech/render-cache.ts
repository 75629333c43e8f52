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
 * JSON, header and length for the WAV); anything corrupt or half-written is a miss and is deleted.
 */

export interface CacheKeyInput {
  engineId: string;
  engineVersion: string;
  voice: string | null;
  rate: number;
  pitch: number;
  locale: string;
  text: string;
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
});
export type CacheMeta = z.infer<typeof CacheMetaSchema>;

export interface RenderCache {
  readonly dir: string;
  /** The cached utterance, or null (missing, or corrupt: then the entry is deleted). */
  get(key: string): Promise<Utterance | null>;
  put(key: string, utterance: Utterance): Promise<void>;
  /** Absolute path of the entry's WAV if the entry is present (not validated), else null. */
  wavPath(key: string): string | null;
  delete(key: string): Promise<void>;
}

/** Temporary files older than this are leftovers of a crash. */
const STALE_TMP_MS = 10 * 60_000;

export function createRenderCache(dir: string): RenderCache {
  const wavFile = (key: string) => join(dir, `${key}.wav`);
  const jsonFile = (key: string) => join(dir, `${key}.json`);
  let ready: Promise<void> | null = null;

  const ensureDir = () => {
    ready ??= (async () => {
      await mkdir(dir, { recursive: true });
      await sweepTemporaries(dir);
    })();
    return ready;
  };

  const assertKey = (key: string) => {
    if (!isCacheKey(key)) throw new Error(`bad cache key: ${JSON.stringify(key)}`);
  };

  async function remove(key: string): Promise<void> {
    await Promise.all([unlink(jsonFile(key)).catch(() => undefined), unlink(wavFile(key)).catch(() => undefined)]);
  }

  return {
    dir,
    async get(key) {
      assertKey(key);
      await ensureDir();
      let metaText: string;
      try {
        metaText = await readFile(jsonFile(key), 'utf8');
      } catch {
        // No commit mark: a WAV alone is an interrupted write.
        if (existsSync(wavFile(key))) await remove(key);
        return null;
      }
      try {
        const meta = CacheMetaSchema.parse(JSON.parse(metaText));
        if (meta.key !== key) throw new Error('key mismatch');
        const wav = await readFile(wavFile(key));
        if (wav.length !== meta.wavBytes) throw new Error(`WAV is ${wav.length} bytes, expected ${meta.wavBytes}`);
        const header = readWavHeader(wav);
        if (header.dataOffset + header.dataBytes !== wav.length) throw new Error('WAV data does not fill the file');
        if (header.sampleRate !== meta.sampleRate || Math.abs(header.durationMs - meta.durationMs) > 1) throw new Error('WAV does not match its meta');
        // LRU: an access time for a future size-capped eviction (oldest mtime goes first).
        const now = new Date();
        await utimes(jsonFile(key), now, now).catch(() => undefined);
        return { wav, sampleRate: meta.sampleRate, durationMs: meta.durationMs, track: meta.track, engine: meta.engine, voice: meta.voice };
      } catch {
        await remove(key);
        return null;
      }
    },
    async put(key, utterance) {
      assertKey(key);
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
      };
      CacheMetaSchema.parse(meta);
      await writeAtomic(wavFile(key), utterance.wav);
      await writeAtomic(jsonFile(key), Buffer.from(JSON.stringify(meta), 'utf8'));
      // Size cap: evict least recently used entries (by the JSON's mtime) here once the folder
      // grows past its budget.
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
