import type { EnergyEnvelope } from '../../shared/align';

/**
 * RIFF/WAVE reading and writing.
 *
 * Reads PCM 8/16/24/32-bit integer and 32-bit IEEE float, mono or multi-channel (also
 * WAVE_FORMAT_EXTENSIBLE), and down-mixes to mono Float32 in [-1, 1]. Writes PCM 16-bit mono, which is
 * what every utterance carries. Malformed input fails with a `WavError` that says what is wrong.
 */

export class WavError extends Error {
  constructor(
    readonly code: 'not-wav' | 'truncated' | 'unsupported' | 'bad-header',
    message: string,
  ) {
    super(message);
    this.name = 'WavError';
  }
}

export type WavSampleFormat = 'int' | 'float';

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  format: WavSampleFormat;
  /** Byte offset of the first sample in the buffer. */
  dataOffset: number;
  /** Bytes of sample data (a whole number of frames). */
  dataBytes: number;
  /** Sample frames (one sample per channel each). */
  frames: number;
  durationMs: number;
}

export interface DecodedWav extends WavInfo {
  /** Mono samples in [-1, 1] (channels averaged). */
  samples: Float32Array;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Data chunk sizes at or above this are placeholders written by streaming encoders (e.g.
 * `espeak-ng --stdout` writes 0x7ffff000, others 0xffffffff): the data runs to the end of the buffer.
 */
const STREAMING_SIZE_MIN = 0x7fff0000;

/** Parses and validates the header; does not decode samples. */
export function readWavHeader(buf: Buffer): WavInfo {
  if (buf.length < 12) {
    throw new WavError(buf.length === 0 ? 'not-wav' : 'truncated', `not a WAV file: only ${buf.length} bytes`);
  }
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
    throw new WavError('not-wav', 'not a WAV file: missing RIFF/WAVE signature');
  }

  let fmt: { format: WavSampleFormat; channels: number; sampleRate: number; bitsPerSample: number; blockAlign: number } | null =
    null;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('latin1', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > buf.length) {
        throw new WavError(size < 16 ? 'bad-header' : 'truncated', `WAV fmt chunk is ${size < 16 ? 'too short' : 'truncated'}`);
      }
      fmt = parseFmt(buf, body, size);
    } else if (id === 'data') {
      if (!fmt) throw new WavError('bad-header', 'WAV data chunk comes before the fmt chunk');
      const available = buf.length - body;
      let dataBytes: number;
      if (size >= STREAMING_SIZE_MIN && size > available) {
        dataBytes = available - (available % fmt.blockAlign);
      } else if (size > available) {
        throw new WavError('truncated', `WAV data is truncated: header says ${size} bytes, file holds ${available}`);
      } else {
        dataBytes = size - (size % fmt.blockAlign);
      }
      const frames = dataBytes / fmt.blockAlign;
      return {
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        bitsPerSample: fmt.bitsPerSample,
        format: fmt.format,
        dataOffset: body,
        dataBytes,
        frames,
        durationMs: (frames / fmt.sampleRate) * 1000,
      };
    }
    // Chunks are word-aligned: an odd-sized chunk is followed by a pad byte.
    offset = body + size + (size % 2);
  }
  throw new WavError('truncated', fmt ? 'WAV has no data chunk (truncated?)' : 'WAV has no fmt chunk (truncated?)');
}

function parseFmt(buf: Buffer, at: number, size: number) {
  let tag = buf.readUInt16LE(at);
  const channels = buf.readUInt16LE(at + 2);
  const sampleRate = buf.readUInt32LE(at + 4);
  const blockAlign = buf.readUInt16LE(at + 12);
  const bitsPerSample = buf.readUInt16LE(at + 14);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40) throw new WavError('bad-header', 'WAVE_FORMAT_EXTENSIBLE fmt chunk is too short');
    // The sub-format GUID starts with the actual format tag.
    tag = buf.readUInt16LE(at + 24);
  }
  let format: WavSampleFormat;
  if (tag === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) format = 'int';
  else if (tag === WAVE_FORMAT_IEEE_FLOAT && bitsPerSample === 32) format = 'float';
  else throw new WavError('unsupported', `unsupported WAV encoding: format tag ${tag}, ${bitsPerSample} bits`);
  if (channels < 1 || channels > 32) throw new WavError('bad-header', `bad WAV channel count ${channels}`);
  if (sampleRate < 1000 || sampleRate > 768_000) throw new WavError('bad-header', `bad WAV sample rate ${sampleRate}`);
  if (blockAlign !== channels * (bitsPerSample / 8)) {
    throw new WavError('bad-header', `bad WAV block align ${blockAlign} for ${channels} × ${bitsPerSample} bits`);
  }
  return { format, channels, sampleRate, bitsPerSample, blockAlign };
}

/** Decodes a WAV buffer to mono Float32 samples. */
export function decodeWav(buf: Buffer): DecodedWav {
  const info = readWavHeader(buf);
  const { channels, frames, dataOffset, bitsPerSample, format } = info;
  const bytes = bitsPerSample / 8;
  const read = sampleReader(buf, format, bitsPerSample);
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const base = dataOffset + f * channels * bytes;
    for (let c = 0; c < channels; c++) sum += read(base + c * bytes);
    samples[f] = sum / channels;
  }
  return { ...info, samples };
}

function sampleReader(buf: Buffer, format: WavSampleFormat, bits: number): (at: number) => number {
  if (format === 'float') return (at) => buf.readFloatLE(at);
  switch (bits) {
    case 8:
      return (at) => ((buf[at] ?? 128) - 128) / 128;
    case 16:
      return (at) => buf.readInt16LE(at) / 32768;
    case 24:
      return (at) => buf.readIntLE(at, 3) / 8388608;
    default:
      return (at) => buf.readInt32LE(at) / 2147483648;
  }
}

/** Encodes mono samples (clamped to [-1, 1]) as a PCM 16-bit mono WAV. */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number): Buffer {
  if (!Number.isInteger(sampleRate) || sampleRate < 1000) throw new WavError('bad-header', `bad sample rate ${sampleRate}`);
  const dataBytes = samples.length * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'latin1');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'latin1');
  buf.write('fmt ', 12, 'latin1');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'latin1');
  buf.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    buf.writeInt16LE(Math.round(s < 0 ? s * 32768 : s * 32767), 44 + i * 2);
  }
  return buf;
}

/** Duration of a WAV buffer in milliseconds (header only). */
export function wavDurationMs(buf: Buffer): number {
  return readWavHeader(buf).durationMs;
}

/** RMS of the whole signal (0 for empty input). */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}

/**
 * RMS energy per frame of `frameMs` milliseconds (the last frame may be partial). Frame i covers
 * [i·frameMs, (i+1)·frameMs).
 */
export function rmsEnvelope(samples: ArrayLike<number>, sampleRate: number, frameMs = 10): EnergyEnvelope {
  if (!(frameMs > 0)) throw new RangeError(`frameMs must be positive, got ${frameMs}`);
  const frameLen = Math.max(1, Math.round((sampleRate * frameMs) / 1000));
  const count = Math.ceil(samples.length / frameLen);
  const out = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    const start = f * frameLen;
    const end = Math.min(samples.length, start + frameLen);
    let sum = 0;
    for (let i = start; i < end; i++) {
      const s = samples[i] ?? 0;
      sum += s * s;
    }
    out[f] = Math.sqrt(sum / (end - start));
  }
  return { frameMs: (frameLen / sampleRate) * 1000, rms: out };
}
