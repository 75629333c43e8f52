import { join } from 'node:path';
import { z } from 'zod';
import { HostMethods, isHostMethod, type CoreMethod, type HostNotice, type EventPayload, type HostEvent, type HostMethod, type MethodResult } from '../../shared/api';
import type { Locale } from '../../shared/domain';
import { openLibrary, type OpenedLibrary } from '../library/open-library';
import { createPlayout } from '../playout/playout';
import { storePlayoutLibrary } from '../playout/store-library';
import { asRunCsv } from '../playout/asrun-csv';
import { checkPlan } from '../../shared/plan-check';
import type { RecoveredLibrary } from '../library/database';
import { createSpeechService } from '../speech/speech-service';
import { createSystemEngine } from '../speech/system-engine';
import { readStoreDictionary } from '../speech/dictionary-store';
import { createAzureEngine } from '../speech/azure-engine';
import { createFileSecretStore, type SecretStore } from './secret-store';
import { applyImport, previewImport } from '../library/import';
import { exportBundle } from '../library/export-bundle';
import { isLibraryError } from '../library/errors';
import type { HostContext } from './host-context';
import { avatarMethods, avatarPages, importMedia, mediaStoreOf } from './methods/avatars';
import { liveMethods, livePages } from './methods/live';
import { planningMethods, planningPages } from './methods/planning';
import { speechStudioMethods, speechStudioPages } from './methods/speech-studio';
import { guardSettingsPatch, stageMethods, stagePages } from './methods/stage';
import { storeMethods, storePages } from './methods/store';
import { HostCallError, type CallerContext, type Host, type HostEventListener } from './host';

export interface CreateHostOptions {
  dataDir: string;
  locale: Locale;
  /** Folder with the demo store (zh-CN.json, en-US.json); null = never seed. */
  seedsDir: string | null;
  log?: (message: string) => void;
  /** Where secrets (the Azure key) are kept; the app passes a safeStorage-backed store. Default: an encrypted file. */
  secrets?: SecretStore;
  /** Resume on air after a restart if the merchant left it on air (default true). */
  resume?: boolean;
}

export interface StageHost extends Host {
  recovered: RecoveredLibrary | null;
  library: OpenedLibrary;
}

/** Which page may call which method: the studio drives playout, stages report playback. */
const CORE_PAGES: Record<CoreMethod, readonly CallerContext['page'][]> = {
  'library.snapshot': ['studio', 'stage'],
  'playout.goLive': ['studio'],
  'playout.stop': ['studio'],
  'playout.state': ['studio', 'stage'],
  'asrun.tail': ['studio'],
  'stage.attach': ['stage'],
  'stage.report': ['stage'],
  'playout.insert': ['studio'],
  'playout.skip': ['studio'],
  'playout.pause': ['studio'],
  'playout.resume': ['studio'],
  'playout.emergencyStop': ['studio'],
  'plan.check': ['studio'],
  'asrun.exportCsv': ['studio'],
  'host.notices': ['studio'],
  'speech.health': ['studio'],
  'speech.azureStatus': ['studio'],
  'speech.setAzureCredentials': ['studio'],
  'settings.update': ['studio'],
  'library.upsertProduct': ['studio'],
  'library.deleteProduct': ['studio'],
  'library.upsertScript': ['studio'],
  'library.deleteScript': ['studio'],
  'library.exportBundle': ['studio'],
  'library.importPreview': ['studio'],
  'library.importApply': ['studio'],
};

const PAGES: Record<HostMethod, readonly CallerContext['page'][]> = {
  ...CORE_PAGES,
  ...planningPages,
  ...storePages,
  ...speechStudioPages,
  ...avatarPages,
  ...stagePages,
  ...livePages,
};

const AZURE_SECRET = 'azure.speech';
const StoredAzureSchema = z.object({ key: z.string().min(1), region: z.string().min(1) });

/** Builds the service container: library, speech and playout wired together. Plain Node; no Electron. */
export async function createHost(opts: CreateHostOptions): Promise<StageHost> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const library = openLibrary({ dataDir: opts.dataDir, locale: opts.locale, seedsDir: opts.seedsDir });
  const { store } = library;
  if (library.recovered) log(`library: the library file was damaged (${library.recovered.reason}); a copy was kept at ${library.recovered.backupPath}`);

  const notices: HostNotice[] = [];
  if (library.recovered) notices.push({ code: 'library-recovered', detail: library.recovered.backupPath });
  if (library.seeding.loaded === false && library.seeding.reason === 'error') {
    notices.push({ code: 'seeds-failed', detail: library.seeding.error.message });
    log(`library: the demo store could not be loaded: ${library.seeding.error.message}`);
  }

  // Lines that were on air when the host last died never got their end: close them honestly.
  for (const entry of store.asRunTail(50)) {
    if (entry.outcome === 'on-air') store.asRunUpdate(entry.id, { outcome: 'interrupted', note: 'the host stopped while this line was on air' });
  }

  const secrets = opts.secrets ?? createFileSecretStore(opts.dataDir, opts.dataDir);
  const readAzure = (): { key: string; region: string } | null => {
    const raw = secrets.get(AZURE_SECRET);
    if (!raw) return null;
    try {
      const parsed = StoredAzureSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  const azureStatus = () => {
    const azure = readAzure();
    return { configured: azure !== null, region: azure?.region ?? null, storage: secrets.kind };
  };
  // Azure first when the merchant chose it and set a key; the system voice is always there to fall back on.
  const speech = createSpeechService({
    cacheDir: join(opts.dataDir, 'speech-cache'),
    // The store's pronunciation dictionary, read at every render, so an edit applies to the next line.
    dictionary: () => readStoreDictionary(store),
    engines: [createAzureEngine({ getCredentials: async () => readAzure() }), createSystemEngine()],
  });
  const listeners = new Set<HostEventListener>();
  const emit = <E extends HostEvent>(event: E, payload: EventPayload<E>): void => {
    for (const l of listeners) {
      try {
        l(event, payload);
      } catch (e) {
        log(`host: an event listener failed: ${String(e)}`);
      }
    }
  };

  const playoutLibrary = storePlayoutLibrary(store);

  const playout = createPlayout({
    library: playoutLibrary,
    emit,
    log,
    speech: {
      render: (req) =>
        speech.render({ text: req.text, locale: req.locale, voice: req.voice, rate: req.rate, pitch: req.pitch }, { engineId: req.engine }),
    },
  });

  const libraryChanged = () => emit('library.changed', store.snapshot());
  /** A library write: store errors the merchant can fix (bad input, in use) become `bad-request` with their message. */
  const write = <T>(fn: () => T): T => {
    let result: T;
    try {
      result = fn();
    } catch (e) {
      if (isLibraryError(e)) throw new HostCallError('bad-request', e.message);
      throw e;
    }
    libraryChanged();
    return result;
  };

  type CoreImpl = { [M in CoreMethod]: (params: z.output<(typeof HostMethods)[M]['params']>, caller: CallerContext) => MethodResult<M> | Promise<MethodResult<M>> };
  const core: CoreImpl = {
    'library.snapshot': () => store.snapshot(),
    'playout.goLive': () => playout.goLive(),
    'playout.stop': () => playout.stop(),
    'playout.state': () => playout.state(),
    'asrun.tail': ({ limit }) => store.asRunTail(limit),
    'stage.attach': ({ role }, caller) => {
      playout.stageAttached(caller.connectionId, role);
      return { stageId: caller.connectionId };
    },
    'stage.report': (report, caller) => {
      if (report.stageId !== caller.connectionId) throw new HostCallError('forbidden', 'a stage may only report for itself');
      playout.report(report);
      return { ok: true as const };
    },
    'playout.insert': ({ source, at }) => playout.insert({ source, at }),
    'playout.skip': ({ what }) => (what === 'script' ? playout.skipScript() : playout.skipLine()),
    'playout.pause': ({ at }) => playout.pause(at ?? 'boundary'),
    'playout.resume': () => playout.resume(),
    'playout.emergencyStop': () => playout.emergencyStop(),
    'plan.check': ({ plan }) => {
      const snap = store.snapshot();
      return checkPlan(plan ?? snap.plan, snap);
    },
    'host.notices': () => notices,
    'speech.health': () => speech.health(),
    'speech.azureStatus': () => azureStatus(),
    'speech.setAzureCredentials': ({ key, region }) => {
      secrets.set(AZURE_SECRET, key === null ? null : JSON.stringify({ key, region }));
      return azureStatus();
    },
    // Through write(): every studio and stage redraws from the new settings. The AI label may only be
    // turned off through stage.setAiLabel, which asks for confirmation and records it in the as-run log.
    'settings.update': ({ patch }) => write(() => store.updateSettings(guardSettingsPatch(store, patch))),
    'asrun.exportCsv': ({ from, to }) => {
      const rows = store.asRunPlannedBetween(from ?? 0, to ?? Number.MAX_SAFE_INTEGER);
      return { csv: asRunCsv(rows), rows: rows.length };
    },
    'library.upsertProduct': ({ product }) => write(() => store.upsertProduct(product)),
    'library.deleteProduct': ({ id }) => write(() => ({ deleted: store.deleteProduct(id) })),
    'library.upsertScript': ({ script }) => write(() => store.upsertScript(script)),
    'library.deleteScript': ({ id }) => write(() => ({ deleted: store.deleteScript(id) })),
    'library.exportBundle': () => ({ json: exportBundle(store), fileName: `stagehost-library-${new Date().toISOString().slice(0, 10)}.json` }),
    'library.importPreview': (input) => previewImport(store, input),
    'library.importApply': async (input) => {
      const { applied, errors, summary } = await applyImport(store, input);
      if (applied) libraryChanged();
      return { applied, errors, summary };
    },
  };

  const closers: Array<() => void> = [];
  const ctx: HostContext = {
    dataDir: opts.dataDir,
    store,
    speech,
    playout,
    secrets,
    emit,
    log,
    libraryChanged,
    write,
    onClose: (fn) => closers.push(fn),
  };
  const impl = {
    ...core,
    ...planningMethods(ctx),
    ...storeMethods(ctx),
    ...speechStudioMethods(ctx),
    ...avatarMethods(ctx),
    ...stageMethods(ctx),
    ...liveMethods(ctx),
  };

  let closed = false;

  async function handle(method: string, params: unknown, caller: CallerContext): Promise<unknown> {
    if (closed) throw new HostCallError('closed', 'the host is shutting down');
    if (!isHostMethod(method)) throw new HostCallError('unknown-method', `no such method: ${method}`);
    if (!PAGES[method].includes(caller.page)) throw new HostCallError('forbidden', `${method} may not be called from the ${caller.page} page`);
    const spec = HostMethods[method];
    const parsed = spec.params.safeParse(params ?? {});
    if (!parsed.success) throw new HostCallError('bad-request', `${method}: ${z.prettifyError(parsed.error)}`);
    const run = impl[method] as (p: unknown, c: CallerContext) => unknown;
    let result: unknown;
    try {
      result = await run(parsed.data, caller);
    } catch (e) {
      if (e instanceof HostCallError) throw e;
      log(`host: ${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      throw new HostCallError('failed', e instanceof Error ? e.message : String(e));
    }
    return spec.result.parse(result);
  }

  if (opts.resume ?? true) {
    if (playout.resumeIfOnAir()) log('playout: back on air where the host left off');
  }

  return {
    recovered: library.recovered,
    library,
    handle,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    mediaPath: (audioId) => speech.audioPath(audioId),
    importFile: async (kind, fileName, bytes) => importMedia(ctx, kind, fileName, bytes),
    filePath: (mediaId) => mediaStoreOf(ctx).path(mediaId),
    disconnected: (connectionId) => playout.stageDetached(connectionId),
    async close() {
      if (closed) return;
      closed = true;
      for (const fn of closers.splice(0)) {
        try {
          fn();
        } catch (e) {
          log(`host: closing failed: ${String(e)}`);
        }
      }
      playout.close();
      listeners.clear();
      library.close();
    },
  };
}
