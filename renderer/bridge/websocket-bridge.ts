import { EventEnvelopeSchema, HostEvents, ResponseEnvelopeSchema, type HostEvent } from '../../shared/api';
import { MediaErrorSchema, MediaItemSchema, checkMediaFile, type MediaItem } from '../../shared/media';
import { uploadError, type ConnectionListener, type HostBridge } from './types';

/** Must match main/host/web-server.ts (UPLOAD_PATH, UPLOAD_HEADER, FILES_PATH). */
const UPLOAD_PATH = '/upload';
const UPLOAD_HEADER = 'X-StageHost-Upload';
const FILES_PATH = '/files/';

type Listener = (payload: unknown) => void;

/**
 * Browser mode: the host API over a WebSocket to the host on this origin. The pairing token came
 * in the page URL and is also held as an HttpOnly cookie, so reconnects after a host restart work.
 * Calls made while disconnected wait for the connection; events are validated against the contract.
 */
export function createWebSocketBridge(page: 'studio' | 'stage'): HostBridge {
  const query = new URLSearchParams(location.search);
  const token = query.get('token');
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/host?page=${page}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
  const listeners = new Map<string, Set<Listener>>();
  const connectionListeners = new Set<ConnectionListener>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let connected = false;
  let retryMs = 250;

  function setConnected(value: boolean): void {
    if (connected === value) return;
    connected = value;
    for (const l of connectionListeners) l(value);
  }

  function connect(): void {
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setConnected(true);
      while (outbox.length > 0) ws.send(outbox.shift()!);
    };
    ws.onmessage = (msg: MessageEvent<string>) => {
      let raw: unknown;
      try {
        raw = JSON.parse(msg.data);
      } catch {
        return;
      }
      const response = ResponseEnvelopeSchema.safeParse(raw);
      if (response.success) {
        const waiter = pending.get(response.data.id);
        pending.delete(response.data.id);
        if (!waiter) return;
        if (response.data.ok) waiter.resolve(response.data.result);
        else waiter.reject(Object.assign(new Error(response.data.error.message), { code: response.data.error.code }));
        return;
      }
      const event = EventEnvelopeSchema.safeParse(raw);
      if (!event.success || !(event.data.event in HostEvents)) return;
      const schema = HostEvents[event.data.event as HostEvent];
      const payload = schema.safeParse(event.data.payload);
      if (!payload.success) {
        console.warn(`StageHost: dropped an invalid ${event.data.event} event`, payload.error.issues);
        return;
      }
      for (const l of listeners.get(event.data.event) ?? []) l(payload.data);
    };
    ws.onclose = () => {
      socket = null;
      setConnected(false);
      // Requests in flight are lost with the connection; their callers get an error and may retry.
      for (const [id, waiter] of pending) {
        pending.delete(id);
        waiter.reject(Object.assign(new Error('lost the connection to the host'), { code: 'disconnected' }));
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 4000);
    };
  }
  connect();

  const passThrough = new URLSearchParams();
  for (const key of ['lang']) {
    const v = query.get(key);
    if (v) passThrough.set(key, v);
  }

  return {
    transport: 'websocket',
    call(method, params) {
      const id = nextId++;
      const message = JSON.stringify({ type: 'request', id, method, params });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(message);
        else outbox.push(message);
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
    mediaUrl(audioId) {
      return `/media/${audioId}.wav`;
    },
    fileUrl(mediaId) {
      return `${FILES_PATH}${encodeURIComponent(mediaId)}`;
    },
    uploadFile(kind, blob, fileName, onProgress) {
      const early = checkMediaFile(kind, fileName, blob.size);
      if (early) return Promise.reject(uploadError(early.code, early.message, early.params));
      // XMLHttpRequest rather than fetch: it reports upload progress.
      return new Promise<MediaItem>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        const q = new URLSearchParams({ kind, name: fileName });
        if (token) q.set('token', token);
        xhr.open('POST', `${UPLOAD_PATH}?${q.toString()}`);
        xhr.setRequestHeader(UPLOAD_HEADER, '1');
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
        };
        xhr.onerror = () => reject(uploadError('disconnected', 'the upload was cut off: is the host still running?'));
        xhr.onload = () => {
          let body: unknown = null;
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            /* handled below */
          }
          const b = (typeof body === 'object' && body !== null ? body : {}) as { item?: unknown; error?: unknown };
          if (xhr.status === 200) {
            const item = MediaItemSchema.safeParse(b.item);
            if (item.success) {
              onProgress?.(1);
              return resolve(item.data);
            }
          }
          const error = MediaErrorSchema.safeParse(b.error);
          if (error.success) return reject(uploadError(error.data.code, error.data.message, error.data.params));
          reject(uploadError('failed', `the host answered ${xhr.status}`));
        };
        onProgress?.(0);
        xhr.send(blob);
      });
    },
    pageUrl(target) {
      const q = new URLSearchParams(passThrough);
      if (target === 'stage') q.set('role', 'program');
      const s = q.toString();
      return `/${target}.html${s ? `?${s}` : ''}`;
    },
  };
}
