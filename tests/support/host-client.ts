import WebSocket from 'ws';
import { ResponseEnvelopeSchema, type HostMethod, type MethodParams, type MethodResult } from '../../shared/api';

/** A studio connection to a browser-mode host from Node (for assertions): the same WebSocket and token a studio page uses. */
export interface HostClient {
  call<M extends HostMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  close(): Promise<void>;
}

/** Connects to the host behind `studioUrl` (the address web-main prints, with its pairing token) as a studio page. */
export async function connectHost(studioUrl: string): Promise<HostClient> {
  const page = new URL(studioUrl);
  const token = page.searchParams.get('token');
  if (!token) throw new Error(`no pairing token in ${studioUrl}`);
  const ws = new WebSocket(`ws://${page.host}/host?page=studio&token=${encodeURIComponent(token)}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  ws.on('message', (data) => {
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      return;
    }
    const response = ResponseEnvelopeSchema.safeParse(raw);
    if (!response.success) return; // an event
    const waiter = pending.get(response.data.id);
    pending.delete(response.data.id);
    if (!waiter) return;
    if (response.data.ok) waiter.resolve(response.data.result);
    else waiter.reject(new Error(`${response.data.error.code}: ${response.data.error.message}`));
  });
  ws.on('close', () => {
    for (const [id, waiter] of pending) {
      pending.delete(id);
      waiter.reject(new Error('the host closed the connection'));
    }
  });
  return {
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'request', id, method, params }));
      });
    },
    close() {
      if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      });
    },
  };
}
