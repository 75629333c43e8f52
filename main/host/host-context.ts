import type { z } from 'zod';
import type { EventPayload, HostEvent } from '../../shared/api';
import type { MethodSpecs } from '../../shared/api-spec';
import type { LibraryStore } from '../library/store';
import type { Playout } from '../playout/playout';
import type { SpeechService } from '../speech/speech-service';
import type { CallerContext } from './host';
import type { SecretStore } from './secret-store';

/** What a group of host methods (main/host/methods/*.ts) may use. Built once by createHost. */
export interface HostContext {
  dataDir: string;
  store: LibraryStore;
  speech: SpeechService;
  playout: Playout;
  secrets: SecretStore;
  emit<E extends HostEvent>(event: E, payload: EventPayload<E>): void;
  log(message: string): void;
  /** Broadcasts `library.changed` with a fresh snapshot. */
  libraryChanged(): void;
  /** Runs a library write; store errors the merchant can fix become `bad-request`; then broadcasts `library.changed`. */
  write<T>(fn: () => T): T;
  /** Called when the host closes (timers, open jobs). */
  onClose(fn: () => void): void;
}

/** The implementation of a group of methods: params are already validated, results are checked after. */
export type ImplOf<G extends MethodSpecs> = {
  [M in keyof G]: (params: z.output<G[M]['params']>, caller: CallerContext) => z.input<G[M]['result']> | Promise<z.input<G[M]['result']>>;
};

/** Which page may call each method of a group. */
export type PagesOf<G extends MethodSpecs> = { [M in keyof G]: readonly CallerContext['page'][] };
