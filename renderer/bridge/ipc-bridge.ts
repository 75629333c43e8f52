import { HostEvents, type HostEvent } from '../../shared/api';
import { MediaItemSchema, checkMediaFile } from '../../shared/media';
import { uploadError, type HostBridge, type PreloadApi } from './types';

/** Electron: the host API through the preload's contextBridge (`window.stagehost`). */
export function createIpcBridge(api: PreloadApi): HostBridge {
  return {
    transport: 'ipc',
    call(method, params) {
      return api.invoke(method, params) as never; // the host validated the result against the contract
    },
    on(event, listener) {
      const schema = HostEvents[event as HostEvent];
      return api.onEvent((name, payload) => {
        if (name !== event) return;
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data as never);
      });
    },
    onConnection(listener) {
      listener(true); // IPC lives as long as the window
      return () => {};
    },
    mediaUrl: (audioId) => api.mediaUrl(audioId),
    fileUrl: (mediaId) => api.fileUrl(mediaId),
    async uploadFile(kind, blob, fileName, onProgress) {
      const early = checkMediaFile(kind, fileName, blob.size);
      if (early) throw uploadError(early.code, early.message, early.params);
      onProgress?.(0);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      onProgress?.(0.5);
      let raw: unknown;
      try {
        raw = await api.uploadFile(kind, bytes, fileName);
      } catch (e) {
        const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown; params?: unknown };
        throw uploadError(
          typeof err.code === 'string' ? err.code : 'failed',
          typeof err.message === 'string' ? err.message : String(e),
          typeof err.params === 'object' && err.params !== null ? (err.params as Record<string, string | number>) : {},
        );
      }
      onProgress?.(1);
      return MediaItemSchema.parse(raw);
    },
    pageUrl: (page) => `./${page}.html`,
  };
}
