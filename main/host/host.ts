import type { HostEvent, EventPayload } from '../../shared/api';
import type { MediaItem, MediaKind } from '../../shared/media';

/** Who sent a request, as established by the transport (IPC sender frame, or WebSocket connection). */
export interface CallerContext {
  /** Stable per connection / per webContents. */
  connectionId: string;
  /** Which page the transport verified the caller to be. */
  page: 'studio' | 'stage';
}

export type HostEventListener = <E extends HostEvent>(event: E, payload: EventPayload<E>) => void;

/**
 * The service container: library, speech and playout wired together. It runs in Electron main
 * and in plain Node; transports (IPC, WebSocket) only move validated messages in and events out.
 */
export interface Host {
  /** Validates `params` against the contract, runs the method, validates the result. Throws HostCallError. */
  handle(method: string, params: unknown, caller: CallerContext): Promise<unknown>;
  subscribe(listener: HostEventListener): () => void;
  /** Absolute path of an utterance's WAV on disk, or null when unknown. */
  mediaPath(audioId: string): string | null;
  /**
   * Stores a file the merchant imported (avatar, image, video, thumbnail) after checking its
   * name, size and content (an avatar is also inspected). Rejects with MediaRejectedError
   * (shared/media.ts: code, params, message). Transports call it with the bytes of an upload.
   */
  importFile(kind: MediaKind, fileName: string, bytes: Uint8Array): Promise<MediaItem>;
  /** Absolute path of an imported file, or null when unknown. */
  filePath(mediaId: string): string | null;
  /** Called by transports when a connection goes away (e.g. a stage window closed). */
  disconnected(connectionId: string): void;
  close(): Promise<void>;
}

export class HostCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostCallError';
  }
}
