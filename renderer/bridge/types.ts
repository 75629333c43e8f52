import type { EventPayload, HostEvent, HostMethod, MethodParams, MethodResult } from '../../shared/api';

export type ConnectionListener = (connected: boolean) => void;

/** The typed client of the host API. Electron IPC in the app; WebSocket in browser mode. */
export interface HostBridge {
  readonly transport: 'ipc' | 'websocket';
  call<M extends HostMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  on<E extends HostEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Connection to the host: true while requests can flow. Called at once with the current value. */
  onConnection(listener: ConnectionListener): () => void;
  /** URL the renderer can fetch an utterance's audio from (custom protocol or HTTP). */
  mediaUrl(audioId: string): string;
  /** URL of the other page (studio ↔ stage) for this transport, e.g. to open the stage in browser mode. */
  pageUrl(page: 'studio' | 'stage'): string;
}

/** The API the Electron preload exposes on `window.stagehost` through contextBridge. */
export interface PreloadApi {
  invoke(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  mediaUrl(audioId: string): string;
}

declare global {
  interface Window {
    stagehost?: PreloadApi;
  }
}
