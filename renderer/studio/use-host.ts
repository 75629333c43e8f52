import { useEffect, useState } from 'react';
import type { HostNotice, PlayoutState } from '../../shared/api';
import type { AsRunEntry, LibrarySnapshot } from '../../shared/domain';
import { getBridge } from '../bridge';

/** The library snapshot, loaded once per connection and replaced on every `library.changed` (an edit in any studio window). */
export function useLibrary(): { library: LibrarySnapshot | null; error: string | null } {
  const [library, setLibrary] = useState<LibrarySnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const bridge = getBridge();
    const off = bridge.on('library.changed', (s) => {
      setLibrary(s);
      setError(null);
    });
    const offConn = bridge.onConnection((connected) => {
      if (!connected) return;
      bridge.call('library.snapshot', {}).then(
        (s) => {
          setLibrary(s);
          setError(null);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    });
    return () => {
      off();
      offConn();
    };
  }, []);
  return { library, error };
}

export function usePlayoutState(): PlayoutState | null {
  const [state, setState] = useState<PlayoutState | null>(null);
  useEffect(() => {
    const bridge = getBridge();
    const off = bridge.on('playout.state', setState);
    const offConn = bridge.onConnection((connected) => {
      if (connected) void bridge.call('playout.state', {}).then(setState, () => {});
    });
    return () => {
      off();
      offConn();
    };
  }, []);
  return state;
}

/** The newest as-run entries, newest first, kept live from `asrun.changed` events. */
export function useAsRunTail(limit: number): AsRunEntry[] {
  const [entries, setEntries] = useState<AsRunEntry[]>([]);
  useEffect(() => {
    const bridge = getBridge();
    const off = bridge.on('asrun.changed', (entry) => {
      setEntries((list) => {
        const i = list.findIndex((e) => e.id === entry.id);
        if (i >= 0) return list.map((e) => (e.id === entry.id ? entry : e));
        return [entry, ...list].slice(0, limit);
      });
    });
    const offConn = bridge.onConnection((connected) => {
      if (connected) void bridge.call('asrun.tail', { limit }).then(setEntries, () => {});
    });
    return () => {
      off();
      offConn();
    };
  }, [limit]);
  return entries;
}

export function useConnected(): boolean {
  const [connected, setConnected] = useState(true);
  useEffect(() => getBridge().onConnection(setConnected), []);
  return connected;
}

/** Things the host must tell the merchant on opening (a damaged library set aside, demo store failed). */
export function useHostNotices(): HostNotice[] {
  const [notices, setNotices] = useState<HostNotice[]>([]);
  useEffect(() => {
    const bridge = getBridge();
    return bridge.onConnection((connected) => {
      if (connected) void bridge.call('host.notices', {}).then(setNotices, () => {});
    });
  }, []);
  return notices;
}
