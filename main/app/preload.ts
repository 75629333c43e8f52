/**
 * The preload of both windows. Runs sandboxed (contextIsolation + sandbox), so it is bundled as
 * CommonJS and may require nothing but `electron`. It exposes exactly the functions of
 * PreloadApi on `window.stagehost` and nothing else — never ipcRenderer itself.
 *
 * `invoke` resolves with the method's result, or rejects with a plain `{ code, message }` object
 * (a HostError): contextBridge drops custom properties of Error instances, so a plain object is
 * the only way to carry the host's error code across.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadApi } from '../../renderer/bridge/types';
import { EVENT_CHANNEL, INVOKE_CHANNEL, readEvent, unwrapResponse } from './envelope';
import { fileUrl, mediaUrl, UPLOAD_CHANNEL } from './media-url';

let nextId = 1;

const api: PreloadApi = {
  async invoke(method: string, params: unknown): Promise<unknown> {
    if (typeof method !== 'string') {
      throw { code: 'bad_request', message: 'method must be a string' };
    }
    const id = nextId++;
    let raw: unknown;
    try {
      raw = await ipcRenderer.invoke(INVOKE_CHANNEL, { type: 'request', id, method, params });
    } catch (err) {
      throw { code: 'ipc_failed', message: err instanceof Error ? err.message : String(err) };
    }
    const res = unwrapResponse(raw, id);
    if (res.ok) return res.result;
    throw res.error;
  },

  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const wrapped = (_e: IpcRendererEvent, raw: unknown): void => {
      const ev = readEvent(raw);
      if (ev) listener(ev.event, ev.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },

  mediaUrl(audioId: string): string {
    return mediaUrl(String(audioId));
  },

  fileUrl(mediaId: string): string {
    return fileUrl(String(mediaId));
  },

  async uploadFile(kind: string, bytes: Uint8Array, fileName: string): Promise<unknown> {
    if (typeof kind !== 'string' || typeof fileName !== 'string' || !(bytes instanceof Uint8Array)) {
      throw { code: 'bad_request', params: {}, message: 'uploadFile(kind, bytes, fileName)' };
    }
    let raw: unknown;
    try {
      raw = await ipcRenderer.invoke(UPLOAD_CHANNEL, { kind, fileName, bytes });
    } catch (err) {
      throw { code: 'ipc_failed', params: {}, message: err instanceof Error ? err.message : String(err) };
    }
    const res = raw as { ok?: unknown; item?: unknown; error?: unknown } | null;
    if (res && res.ok === true) return res.item;
    throw res && typeof res.error === 'object' && res.error !== null ? res.error : { code: 'bad_response', params: {}, message: 'The host sent a malformed response.' };
  },
};

contextBridge.exposeInMainWorld('stagehost', api);
