import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for the Azure Speech synthesis service, on 127.0.0.1, close enough to the wire
 * protocol for the real microsoft-cognitiveservices-speech-sdk:
 *   websocket: text messages are "Header: value\r\n…\r\n\r\nbody"; binary messages are a 2-byte
 *   big-endian header length, the headers, then the payload. For each `ssml` message the service
 *   answers turn.start, response (with the audio stream id), audio.metadata (WordBoundary and
 *   Viseme entries, with FacialExpression animation chunks), binary audio frames, turn.end.
 *   REST: POST /cognitiveservices/v1 (raw PCM) and GET /cognitiveservices/voices/list.
 * Modes make it fail the ways the real one does.
 */

export type AzureFakeMode =
  /** Everything works. */
  | 'ok'
  /** Wrong key: the websocket upgrade and REST calls get 401. */
  | 'unauthorized'
  /** The websocket dies after the first audio frame (1006 for the client); REST works. */
  | 'close-mid-stream'
  /** Both the websocket and REST die mid-answer. */
  | 'broken';

export interface AzureFake {
  /** Websocket endpoint for SpeechConfig.fromEndpoint. */
  wsUrl: string;
  /** http://127.0.0.1:PORT (REST base). */
  restBase: string;
  key: string;
  mode: AzureFakeMode;
  /** SSML documents received, by transport. */
  received: { transport: 'ws' | 'rest'; ssml: string }[];
  voiceListCalls: number;
  close(): Promise<void>;
}

export const FAKE_SAMPLE_RATE = 24_000;

/** Audible PCM 16-bit mono at 24 kHz: a tone with syllable-like bursts. */
export function fakePcm(ms: number): Buffer {
  const n = Math.round((FAKE_SAMPLE_RATE * ms) / 1000);
  const buf = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i / FAKE_SAMPLE_RATE;
    const env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    buf.writeInt16LE(Math.round(12000 * env * Math.sin(2 * Math.PI * 220 * t)), i * 2);
  }
  return buf;
}

function parseText(message: string): { headers: Record<string, string>; body: string } {
  const split = message.indexOf('\r\n\r\n');
  const head = split >= 0 ? message.slice(0, split) : message;
  const body = split >= 0 ? message.slice(split + 4) : '';
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function textMessage(path: string, requestId: string, body: unknown): string {
  return `Path: ${path}\r\nX-RequestId: ${requestId}\r\nX-Timestamp: ${new Date().toISOString()}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(body)}`;
}

function binaryMessage(requestId: string, streamId: string, payload: Buffer): Buffer {
  const head = Buffer.from(`Path: audio\r\nX-RequestId: ${requestId}\r\nX-StreamId: ${streamId}\r\nContent-Type: audio/x-wav\r\n`, 'latin1');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(head.length);
  return Buffer.concat([len, head, payload]);
}

/** The words of the SSML's text (tags removed), for word boundaries. */
function wordsOf(ssml: string): string[] {
  const text = ssml.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;/g, ' ');
  return text.match(/\p{Script=Han}|[\p{L}\p{N}]+/gu) ?? [];
}

const TICKS = 10_000;

function blendFrame(i: number): number[] {
  return Array.from({ length: 55 }, (_, k) => Math.round(50 * (1 + Math.sin(i / 3 + k))) / 100);
}

function answer(ws: WebSocket, requestId: string, ssml: string, mode: AzureFakeMode): void {
  const streamId = 'A1B2C3D4E5F6';
  const words = wordsOf(ssml);
  const perWordMs = 250;
  const durationMs = Math.max(500, words.length * perWordMs + 200);
  ws.send(textMessage('turn.start', requestId, { context: { serviceTag: 'fake' } }));
  ws.send(textMessage('response', requestId, { context: { serviceTag: 'fake' }, audio: { type: 'inline', streamId } }));
  const metadata: unknown[] = [];
  words.forEach((w, i) => {
    const t = 100 + i * perWordMs;
    metadata.push({ Type: 'WordBoundary', Data: { Offset: t * TICKS, Duration: (perWordMs - 20) * TICKS, text: { Text: w, Length: w.length, BoundaryType: 'WordBoundary' } } });
    const frames = Array.from({ length: 15 }, (_, k) => blendFrame(i * 15 + k));
    metadata.push({
      Type: 'Viseme',
      Data: { Offset: t * TICKS, VisemeId: 21, IsLastAnimation: false, AnimationChunk: JSON.stringify({ FrameIndex: i * 15, BlendShapes: frames }) },
    });
    metadata.push({ Type: 'Viseme', Data: { Offset: (t + 120) * TICKS, VisemeId: 2, IsLastAnimation: true, AnimationChunk: '' } });
  });
  ws.send(textMessage('audio.metadata', requestId, { Metadata: metadata }));
  const pcm = fakePcm(durationMs);
  const chunk = 4800 * 2;
  for (let off = 0; off < pcm.length; off += chunk) {
    ws.send(binaryMessage(requestId, streamId, pcm.subarray(off, off + chunk)));
    if (mode === 'close-mid-stream' || mode === 'broken') {
      // Gone without a close frame: the client sees 1006.
      ws.terminate();
      return;
    }
  }
  ws.send(textMessage('turn.end', requestId, {}));
}

export async function startAzureFake(options: { key?: string; mode?: AzureFakeMode } = {}): Promise<AzureFake> {
  const key = options.key ?? 'test-key-123';
  const sockets = new Set<Socket>();
  const fake: AzureFake = {
    wsUrl: '',
    restBase: '',
    key,
    mode: options.mode ?? 'ok',
    received: [],
    voiceListCalls: 0,
    close: async () => undefined,
  };
  const authorized = (req: IncomingMessage) => req.headers['ocp-apim-subscription-key'] === key;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (fake.mode === 'unauthorized' || !authorized(req)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"401","message":"Access denied due to invalid subscription key"}}');
        return;
      }
      if (req.method === 'GET' && req.url === '/cognitiveservices/voices/list') {
        fake.voiceListCalls++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify([
            { ShortName: 'zh-CN-XiaoxiaoNeural', DisplayName: 'Xiaoxiao', LocalName: '晓晓', Locale: 'zh-CN', Gender: 'Female', StyleList: ['cheerful', 'chat'] },
            { ShortName: 'en-US-JennyNeural', DisplayName: 'Jenny', LocalName: 'Jenny', Locale: 'en-US', Gender: 'Female', StyleList: ['cheerful'] },
          ]),
        );
        return;
      }
      if (req.method === 'POST' && req.url === '/cognitiveservices/v1') {
        const ssml = Buffer.concat(chunks).toString('utf8');
        fake.received.push({ transport: 'rest', ssml });
        if (fake.mode === 'broken') {
          req.socket.destroy();
          return;
        }
        res.writeHead(200, { 'content-type': 'audio/x-wav' }).end(fakePcm(Math.max(500, wordsOf(ssml).length * 250 + 200)));
        return;
      }
      res.writeHead(404).end();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (fake.mode === 'unauthorized' || !authorized(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const { headers, body } = parseText(String(data));
        if ((headers.path ?? '').toLowerCase() !== 'ssml') return;
        fake.received.push({ transport: 'ws', ssml: body });
        answer(ws, headers['x-requestid'] ?? '', body, fake.mode);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  fake.wsUrl = `ws://127.0.0.1:${port}/stagehost-fake/tts`;
  fake.restBase = `http://127.0.0.1:${port}`;
  fake.close = async () => {
    for (const c of wss.clients) c.terminate();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
