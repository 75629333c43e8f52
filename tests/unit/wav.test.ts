import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WavError, decodeWav, encodeWav, readWavHeader, rms, rmsEnvelope, wavDurationMs } from '../../main/speech/wav';

/** Builds a WAV by hand: any format tag, channels and bit depth, optional extra chunks. */
function wav(opts: {
  tag?: number;
  channels?: number;
  sampleRate?: number;
  bits: number;
  data: Buffer;
  extensible?: number;
  before?: Buffer[];
  dataSize?: number;
}): Buffer {
  const channels = opts.channels ?? 1;
  const sampleRate = opts.sampleRate ?? 8000;
  const blockAlign = channels * (opts.bits / 8);
  const fmt = Buffer.alloc(opts.extensible !== undefined ? 40 : 16);
  fmt.writeUInt16LE(opts.extensible !== undefined ? 0xfffe : (opts.tag ?? 1), 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt32LE(sampleRate * blockAlign, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(opts.bits, 14);
  if (opts.extensible !== undefined) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(opts.bits, 18);
    fmt.writeUInt16LE(opts.extensible, 24);
  }
  const chunk = (id: string, body: Buffer, size = body.length) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(size, 4);
    return Buffer.concat([h, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', fmt), ...(opts.before ?? []), chunk('data', opts.data, opts.dataSize)]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

function sine(n: number, sampleRate: number, freq = 440, amp = 0.5): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / sampleRate));
}

describe('WAV writing and reading', () => {
  it('round-trips PCM 16-bit mono within one quantisation step, with the right duration', () => {
    const samples = sine(22050, 22050);
    const buf = encodeWav(samples, 22050);
    expect(buf.length).toBe(44 + 22050 * 2);
    const d = decodeWav(buf);
    expect(d.sampleRate).toBe(22050);
    expect(d.channels).toBe(1);
    expect(d.bitsPerSample).toBe(16);
    expect(d.durationMs).toBeCloseTo(1000, 6);
    expect(wavDurationMs(buf)).toBeCloseTo(1000, 6);
    let maxErr = 0;
    for (let i = 0; i < samples.length; i++) maxErr = Math.max(maxErr, Math.abs((d.samples[i] ?? 0) - (samples[i] ?? 0)));
    expect(maxErr).toBeLessThan(1 / 32767);
  });

  it('clamps samples outside [-1, 1] instead of wrapping around', () => {
    const d = decodeWav(encodeWav([2, -2, 0.5], 8000));
    expect(d.samples[0]).toBeCloseTo(1, 3);
    expect(d.samples[1]).toBeCloseTo(-1, 3);
  });

  it('reads 8-bit unsigned, 24-bit, 32-bit int and 32-bit float', () => {
    const u8 = decodeWav(wav({ bits: 8, data: Buffer.from([128, 255, 0]) }));
    expect(Array.from(u8.samples)).toEqual([0, 127 / 128, -1]);

    const i24 = Buffer.alloc(6);
    i24.writeIntLE(4194304, 0, 3); // 0.5
    i24.writeIntLE(-8388608, 3, 3); // -1
    expect(Array.from(decodeWav(wav({ bits: 24, data: i24 })).samples)).toEqual([0.5, -1]);

    const i32 = Buffer.alloc(8);
    i32.writeInt32LE(1073741824, 0);
    i32.writeInt32LE(-2147483648, 4);
    expect(Array.from(decodeWav(wav({ bits: 32, data: i32 })).samples)).toEqual([0.5, -1]);

    const f32 = Buffer.alloc(8);
    f32.writeFloatLE(0.25, 0);
    f32.writeFloatLE(-0.75, 4);
    const f = decodeWav(wav({ tag: 3, bits: 32, data: f32 }));
    expect(f.format).toBe('float');
    expect(Array.from(f.samples)).toEqual([0.25, -0.75]);
  });

  it('mixes stereo down to mono and counts frames, not samples', () => {
    const data = Buffer.alloc(8);
    data.writeInt16LE(16384, 0); // L 0.5
    data.writeInt16LE(-16384, 2); // R -0.5
    data.writeInt16LE(16384, 4); // L 0.5
    data.writeInt16LE(16384, 6); // R 0.5
    const d = decodeWav(wav({ channels: 2, bits: 16, data, sampleRate: 1000 }));
    expect(d.frames).toBe(2);
    expect(d.durationMs).toBe(2);
    expect(Array.from(d.samples)).toEqual([0, 0.5]);
  });

  it('understands WAVE_FORMAT_EXTENSIBLE (float and PCM sub-formats)', () => {
    const f32 = Buffer.alloc(4);
    f32.writeFloatLE(0.5, 0);
    expect(Array.from(decodeWav(wav({ bits: 32, data: f32, extensible: 3 })).samples)).toEqual([0.5]);
    const i16 = Buffer.alloc(2);
    i16.writeInt16LE(-32768, 0);
    expect(Array.from(decodeWav(wav({ bits: 16, data: i16, extensible: 1 })).samples)).toEqual([-1]);
  });

  it('skips unknown chunks, including odd-sized ones with their pad byte', () => {
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.alloc(1)]);
    const data = Buffer.alloc(4);
    data.writeInt16LE(16384, 0);
    const d = decodeWav(wav({ bits: 16, data, before: [list] }));
    expect(d.frames).toBe(2);
    expect(d.samples[0]).toBe(0.5);
  });

  it('reads streamed WAVs whose data size is a placeholder (espeak-ng --stdout writes 0x7ffff000)', () => {
    const data = Buffer.alloc(10);
    const d = decodeWav(wav({ bits: 16, data, dataSize: 0x7ffff000 }));
    expect(d.frames).toBe(5);
  });
});

describe('WAV errors', () => {
  const good = encodeWav(sine(800, 8000), 8000);

  it('says "not a WAV file" for other data', () => {
    expect(() => decodeWav(Buffer.alloc(0))).toThrow(/not a WAV/);
    expect(() => decodeWav(Buffer.from('hello, this is not audio at all'))).toThrow(/not a WAV/);
    const mp3ish = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(64)]);
    try {
      decodeWav(mp3ish);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WavError);
      expect((e as WavError).code).toBe('not-wav');
    }
  });

  it('says "truncated" when the file was cut short', () => {
    for (const cut of [good.length - 1, good.length - 100, 60, 44, 40, 30, 20, 12, 5]) {
      try {
        readWavHeader(good.subarray(0, cut));
        expect.unreachable(`cut at ${cut}`);
      } catch (e) {
        expect(e, `cut at ${cut}`).toBeInstanceOf(WavError);
        expect((e as WavError).code, `cut at ${cut}`).toBe('truncated');
        expect((e as Error).message).toMatch(/truncated|only \d+ bytes/);
      }
    }
  });

  it('rejects encodings it cannot read', () => {
    expect(() => decodeWav(wav({ tag: 0x55, bits: 16, data: Buffer.alloc(2) }))).toThrow(/unsupported/);
    expect(() => decodeWav(wav({ tag: 3, bits: 64, data: Buffer.alloc(8) }))).toThrow(/unsupported/);
  });

  it('only ever throws WavError on arbitrary bytes and arbitrary truncations', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(good.length), (bytes, cut) => {
        for (const input of [Buffer.from(bytes), Buffer.concat([good.subarray(0, 12), Buffer.from(bytes)]), good.subarray(0, cut)]) {
          try {
            decodeWav(input);
          } catch (e) {
            if (!(e instanceof WavError)) throw e;
          }
        }
      }),
    );
  });
});

describe('energy', () => {
  it('measures RMS per 10 ms frame', () => {
    const sr = 8000;
    const samples = new Float32Array(sr); // 1 s
    for (let i = 4000; i < 8000; i++) samples[i] = i % 2 ? 0.5 : -0.5;
    const env = rmsEnvelope(samples, sr, 10);
    expect(env.frameMs).toBe(10);
    expect(env.rms.length).toBe(100);
    expect(env.rms[0]).toBe(0);
    expect(env.rms[49]).toBe(0);
    expect(env.rms[50]).toBeCloseTo(0.5, 6);
    expect(env.rms[99]).toBeCloseTo(0.5, 6);
    expect(rms(samples)).toBeCloseTo(Math.sqrt(0.125), 6);
  });

  it('keeps a partial last frame and reports the real frame length', () => {
    // 10 ms at 22 050 Hz is 220.5 samples: frames are 221 samples, 10.023 ms.
    const env = rmsEnvelope(new Float32Array(2210 + 10).fill(0.1), 22050, 10);
    expect(env.rms.length).toBe(11);
    expect(env.frameMs).toBeCloseTo((221 / 22050) * 1000, 9);
    expect(env.rms[10]).toBeCloseTo(0.1, 6);
  });
});
