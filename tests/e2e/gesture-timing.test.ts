import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PlayoutState } from '../../shared/api';
import type { StageSnapshot } from '../../renderer/stage/runtime';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

/** A studio connection to the host API over the browser-mode WebSocket. */
class StudioClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; id: number; ok: boolean; result?: unknown; error?: { message: string } };
      if (msg.type !== 'response') return;
      const waiter = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.ok) waiter?.resolve(msg.result);
      else waiter?.reject(new Error(msg.error?.message ?? 'host call failed'));
    });
  }
  static async open(studioUrl: string): Promise<StudioClient> {
    const u = new URL(studioUrl);
    const ws = new WebSocket(`ws://${u.host}/host?page=studio&token=${encodeURIComponent(u.searchParams.get('token') ?? '')}`);
    await new Promise((ok, fail) => {
      ws.once('open', ok);
      ws.once('error', fail);
    });
    return new StudioClient(ws);
  }
  call<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ type: 'request', id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }
  close(): void {
    this.ws.close();
  }
}

type Sample = Pick<StageSnapshot, 'lineId' | 'lineTimeMs' | 'gesture'>;

/** Snapshots on every frame the page draws, for `ms`. */
function sample(stage: Page, ms: number): Promise<Sample[]> {
  return stage.evaluate(async (duration) => {
    const out: Sample[] = [];
    const end = performance.now() + duration;
    while (performance.now() < end) {
      const s = window.__stagehostStage?.snapshot();
      if (s) out.push({ lineId: s.lineId, lineTimeMs: s.lineTimeMs, gesture: s.gesture });
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    return out;
  }, ms);
}

// One sentence (one line) with the cue in the middle: the host should point at "please look".
const BEFORE = 'Thank you all so much for joining our little live room this evening, it is really lovely to see so many friends here again, and now';
const AFTER = 'please look at this lovely summer dress in yellow.';
const LINE = `${BEFORE} [point] ${AFTER}`;
const SPOKEN = `${BEFORE} ${AFTER}`;

describe('gestures start at the word where their cue was written', () => {
  let host: RunningHost;
  let browser: Browser;
  let studio: StudioClient;

  beforeAll(async () => {
    host = await startHost({ lang: 'en-US' });
    browser = await launchChromium();
    studio = await StudioClient.open(host.studioUrl);
  });
  afterAll(async () => {
    studio?.close();
    await browser?.close();
    await host?.stop();
  });

  it('a [point] in the middle of a line comes with the word after it, not at the start of the line', { timeout: 120_000 }, async () => {
    const stage = await browser.newPage({ viewport: { width: 540, height: 960 } });
    await stage.goto(host.stageUrl);
    await expect.poll(async () => (await stage.evaluate(() => window.__stagehostStage?.snapshot().framesRendered ?? 0)), { timeout: 20_000 }).toBeGreaterThan(5);
    await studio.call('playout.goLive', {});
    await studio.call('playout.insert', { source: { text: LINE }, at: 'now' });

    // Wait for the inserted line to go on air; keep sampling the stage meanwhile.
    let samples: Sample[] = [];
    const onAir: { line: { lineId: string; durationMs: number } | null } = { line: null };
    await expect
      .poll(
        async () => {
          samples = samples.concat(await sample(stage, 300));
          const state = await studio.call<PlayoutState>('playout.state', {});
          if (state.current?.text === SPOKEN) onAir.line = { lineId: state.current.lineId, durationMs: state.current.durationMs };
          return onAir.line !== null;
        },
        { timeout: 60_000, interval: 1 },
      )
      .toBe(true);
    const { lineId, durationMs } = onAir.line!;
    // Sample the whole line (and a little after it).
    const ours = (s: Sample) => s.lineId === lineId && s.lineTimeMs !== null;
    await expect
      .poll(
        async () => {
          samples = samples.concat(await sample(stage, 1000));
          const last = samples.filter(ours).at(-1);
          return last !== undefined && samples.at(-1)?.lineId !== lineId;
        },
        { timeout: durationMs + 30_000, interval: 1 },
      )
      .toBe(true);
    await studio.call('playout.stop', {});

    const during = samples.filter(ours);
    const pointing = during.filter((s) => s.gesture === 'point');
    const fraction = (s: Sample) => s.lineTimeMs! / durationMs;
    // Where "please" sits in the spoken line, by characters (espeak speaks at an even pace).
    const wordAt = SPOKEN.indexOf('please') / SPOKEN.length;
    console.log(
      `gesture timing: line ${durationMs.toFixed(0)} ms, ${during.length} frames sampled; "please" at ~${(wordAt * 100).toFixed(0)} %;` +
        ` point seen from ${pointing.length ? (fraction(pointing[0]!) * 100).toFixed(0) : '-'} % to ${pointing.length ? (fraction(pointing.at(-1)!) * 100).toFixed(0) : '-'} %`,
    );
    expect(durationMs).toBeGreaterThan(6000);
    // The line was watched from its first part on, and the host did not point there (the old rule
    // pointed from 0.25 s into the line).
    const early = during.filter((s) => fraction(s) < wordAt - 0.2);
    expect(early.length).toBeGreaterThanOrEqual(3);
    expect(early.some((s) => s.gesture === 'point')).toBe(false);
    // It points around the word after the cue (SwiftShader draws a few frames a second: generous).
    expect(pointing.length).toBeGreaterThanOrEqual(1);
    expect(fraction(pointing[0]!)).toBeGreaterThan(wordAt - 0.15);
    expect(fraction(pointing[0]!)).toBeLessThan(wordAt + 0.2);
    await stage.close();
  });
});
