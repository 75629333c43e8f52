import { createIpcBridge } from './ipc-bridge';
import type { HostBridge } from './types';
import { createWebSocketBridge } from './websocket-bridge';

export type { HostBridge } from './types';

let bridge: HostBridge | null = null;

/** The host API for this page: Electron IPC when the preload is present, else the browser-mode WebSocket. */
export function getBridge(): HostBridge {
  if (!bridge) {
    const page = location.pathname.endsWith('stage.html') ? 'stage' : 'studio';
    bridge = window.stagehost ? createIpcBridge(window.stagehost) : createWebSocketBridge(page);
  }
  return bridge;
}
