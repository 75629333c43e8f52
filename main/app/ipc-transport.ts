import { isHostMethod, RequestEnvelopeSchema, type EventEnvelope, type ResponseEnvelope } from '../../shared/api';
import { HostCallError, type CallerContext, type Host } from '../host/host';
import type { AppPage, AppUrls } from './app-urls';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './envelope';
import { UPLOAD_CHANNEL } from './media-url';
import { checkMediaFile, MediaKindSchema, MediaRejectedError } from '../../shared/media';

export { EVENT_CHANNEL, INVOKE_CHANNEL };

/*
 * Structural slices of Electron's types, so the transport can be driven by fakes in tests without
 * an Electron binary. Electron's IpcMain / WebContents / WebFrameMain satisfy them.
 */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
  readonly parent: FrameLike | null;
}
export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
  // Electron's signature is (channel: string, ...args: any[]): void.
  send(channel: string, ...args: unknown[]): void;
}
export interface InvokeEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: FrameLike | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface TransportLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

interface WindowEntry {
  readonly page: AppPage;
  readonly webContents: WebContentsLike;
  /** Bumped whenever the page is replaced (reload, navigation, renderer crash). */
  generation: number;
  /** True once the current generation made a request, so the host knows the connection. */
  used: boolean;
}

export interface IpcTransportOptions {
  ipcMain: IpcMainLike;
  host: Pick<Host, 'handle' | 'subscribe' | 'disconnected'> & Partial<Pick<Host, 'importFile'>>;
  urls: Pick<AppUrls, 'pageOf'>;
  log: TransportLog;
}

function isHostCallError(err: unknown): err is HostCallError {
  if (err instanceof HostCallError) return true;
  // Tolerate a second copy of the class (e.g. a module loaded twice): same name, string code.
  return err instanceof Error && err.name === 'HostCallError' && typeof (err as { code?: unknown }).code === 'string';
}

function errorEnvelope(id: number, code: string, message: string): ResponseEnvelope {
  return { type: 'response', id, ok: false, error: { code, message } };
}

/**
 * The Electron IPC transport of the host API: one invoke channel in, one event channel out.
 * Only the main frames of our registered windows, showing our own page, may call; the page
 * ('studio' | 'stage') is established from the window, never taken from the message.
 */
export class IpcTransport {
  private readonly windows = new Map<number, WindowEntry>();
  private unsubscribe: (() => void) | null = null;
  private started = false;

  constructor(private readonly opts: IpcTransportOptions) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.opts.ipcMain.handle(INVOKE_CHANNEL, (event, raw) => this.onInvoke(event, raw));
    this.opts.ipcMain.handle(UPLOAD_CHANNEL, (event, raw) => this.onUpload(event, raw));
    this.unsubscribe = this.opts.host.subscribe((event, payload) => {
      this.broadcast({ type: 'event', event, payload });
    });
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.opts.ipcMain.removeHandler(INVOKE_CHANNEL);
    this.opts.ipcMain.removeHandler(UPLOAD_CHANNEL);
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const id of [...this.windows.keys()]) this.unregisterWindow(id);
  }

  /** Registers one of our windows. Call before its page loads. */
  registerWindow(page: AppPage, webContents: WebContentsLike): void {
    this.windows.set(webContents.id, { page, webContents, generation: 0, used: false });
  }

  /** The window closed: the host forgets its connection. */
  unregisterWindow(webContentsId: number): void {
    const entry = this.windows.get(webContentsId);
    if (!entry) return;
    this.windows.delete(webContentsId);
    this.endConnection(entry);
  }

  /**
   * The window's page is being replaced (reload, main-frame navigation, renderer crash): the old
   * connection ends and the next request starts a new one.
   */
  resetConnection(webContentsId: number): void {
    const entry = this.windows.get(webContentsId);
    if (!entry) return;
    this.endConnection(entry);
    entry.generation += 1;
  }

  /** Connection id of a window's current page (for logs and tests). */
  connectionId(webContentsId: number): string | null {
    const entry = this.windows.get(webContentsId);
    return entry ? this.idOf(entry) : null;
  }

  private idOf(entry: WindowEntry): string {
    return `ipc:${entry.page}:${entry.webContents.id}:${entry.generation}`;
  }

  private endConnection(entry: WindowEntry): void {
    if (!entry.used) return;
    entry.used = false;
    try {
      this.opts.host.disconnected(this.idOf(entry));
    } catch (err) {
      this.opts.log.error(`ipc: host.disconnected failed: ${String(err)}`);
    }
  }

  private broadcast(envelope: EventEnvelope): void {
    for (const entry of this.windows.values()) {
      const wc = entry.webContents;
      if (wc.isDestroyed()) continue;
      try {
        wc.send(EVENT_CHANNEL, envelope);
      } catch (err) {
        this.opts.log.warn(`ipc: could not send ${envelope.event} to ${entry.page}: ${String(err)}`);
      }
    }
  }

  /** Who is calling, or null (and a log line) when the sender is not one of our pages. */
  private identify(event: InvokeEventLike): CallerContext | null {
    const wc = event.sender;
    const entry = this.windows.get(wc.id);
    if (!entry || entry.webContents !== wc) {
      this.opts.log.warn(`ipc: rejected call from unknown webContents ${wc.id}`);
      return null;
    }
    const frame = event.senderFrame;
    if (!frame) {
      this.opts.log.warn(`ipc: rejected call from ${entry.page}: sender frame is gone`);
      return null;
    }
    const main = wc.mainFrame;
    if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) {
      this.opts.log.warn(`ipc: rejected call from a subframe of ${entry.page} (${frame.url.slice(0, 200)})`);
      return null;
    }
    const page = this.opts.urls.pageOf(frame.url);
    if (page !== entry.page) {
      this.opts.log.warn(`ipc: rejected call from ${entry.page} window showing ${frame.url.slice(0, 200)}`);
      return null;
    }
    entry.used = true;
    return { connectionId: this.idOf(entry), page };
  }

  /** bridge.uploadFile: `{ kind, fileName, bytes }` from the studio → Host.importFile. */
  private async onUpload(event: InvokeEventLike, raw: unknown): Promise<{ ok: true; item: unknown } | { ok: false; error: { code: string; params: Record<string, string | number>; message: string } }> {
    const fail = (code: string, message: string, params: Record<string, string | number> = {}) => ({ ok: false as const, error: { code, params, message } });
    const caller = this.identify(event);
    if (!caller || caller.page !== 'studio') return fail('forbidden', 'This page may not import files.');
    const importFile = this.opts.host.importFile;
    if (!importFile) return fail('unavailable', 'Imports are not available.');
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { kind?: unknown; fileName?: unknown; bytes?: unknown };
    const kind = MediaKindSchema.safeParse(r.kind);
    if (!kind.success || typeof r.fileName !== 'string' || !(r.bytes instanceof Uint8Array)) return fail('bad_request', 'Malformed upload.');
    const early = checkMediaFile(kind.data, r.fileName, r.bytes.byteLength);
    if (early) return fail(early.code, early.message, early.params);
    try {
      return { ok: true, item: await importFile(kind.data, r.fileName, r.bytes) };
    } catch (err) {
      if (err instanceof MediaRejectedError) return fail(err.detail.code, err.detail.message, err.detail.params);
      const message = err instanceof Error ? err.message : String(err);
      this.opts.log.error(`ipc: upload of ${r.fileName.slice(0, 80)} failed: ${message}`);
      return fail('internal', message);
    }
  }

  private async onInvoke(event: InvokeEventLike, raw: unknown): Promise<ResponseEnvelope> {
    const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const replyId = typeof rawId === 'number' && Number.isInteger(rawId) && rawId >= 0 ? rawId : 0;

    const caller = this.identify(event);
    if (!caller) return errorEnvelope(replyId, 'forbidden', 'This page may not call the host.');

    const parsed = RequestEnvelopeSchema.safeParse(raw);
    if (!parsed.success) {
      this.opts.log.warn(`ipc: malformed request from ${caller.page}: ${parsed.error.message.slice(0, 300)}`);
      return errorEnvelope(replyId, 'bad_request', 'Malformed request envelope.');
    }
    const { id, method, params } = parsed.data;
    if (!isHostMethod(method)) {
      this.opts.log.warn(`ipc: unknown method ${JSON.stringify(method)} from ${caller.page}`);
      return errorEnvelope(id, 'unknown_method', `Unknown method: ${method}`);
    }

    try {
      const result = await this.opts.host.handle(method, params, caller);
      return { type: 'response', id, ok: true, result };
    } catch (err) {
      if (isHostCallError(err)) return errorEnvelope(id, err.code, err.message);
      const message = err instanceof Error ? err.message : String(err);
      this.opts.log.error(`ipc: ${method} from ${caller.page} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
      return errorEnvelope(id, 'internal', message);
    }
  }
}
