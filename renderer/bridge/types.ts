import type { EventPayload, HostEvent, HostMethod, MethodParams, MethodResult } from '../../shared/api';
import type { MediaItem, MediaKind } from '../../shared/media';

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
  /**
   * Imports a file into the library (studio only). Refuses at once, before reading a byte, when
   * the name or size is wrong for the kind. Rejects with an UploadError (code, params, message:
   * shared/media.ts MediaError codes, or avatar-* codes from shared/avatar-inspect.ts).
   * `onProgress` gets 0..1 while the bytes travel.
   */
  uploadFile(kind: MediaKind, blob: Blob, fileName: string, onProgress?: (fraction: number) => void): Promise<MediaItem>;
  /** URL of an imported file (img/video src, or to fetch an avatar). */
  fileUrl(mediaId: string): string;
  /** URL of the other page (studio ↔ stage) for this transport, e.g. to open the stage in browser mode. */
  pageUrl(page: 'studio' | 'stage'): string;
}

/** The API the Electron preload exposes on `window.stagehost` through contextBridge. */
export interface PreloadApi {
  invoke(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  mediaUrl(audioId: string): string;
  fileUrl(mediaId: string): string;
  /** Resolves with the stored MediaItem, or rejects with a plain `{ code, params, message }`. */
  uploadFile(kind: string, bytes: Uint8Array, fileName: string): Promise<unknown>;
}

/** Why an upload failed: `code` picks the translation, `params` fill it, `message` is English. */
export interface UploadError extends Error {
  code: string;
  params: Record<string, string | number>;
}

export function uploadError(code: string, message: string, params: Record<string, string | number> = {}): UploadError {
  return Object.assign(new Error(message), { code, params });
}

declare global {
  interface Window {
    stagehost?: PreloadApi;
  }
}
