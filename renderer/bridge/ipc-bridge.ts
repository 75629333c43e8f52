import { HostEvents, type HostEvent } from '../../shared/api';
import type { HostBridge, PreloadApi } from './types';

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
    pageUrl: (page) => `./${page}.html`,
  };
}
