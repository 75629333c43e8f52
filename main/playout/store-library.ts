import type { LibraryStore } from '../library/store';
import type { PlayoutLibrary } from './playout';

/** The playout's library port on the SQLite store: snapshot, as-run log, and the on-air state (meta table). */
export function storePlayoutLibrary(store: LibraryStore): PlayoutLibrary {
  return {
    snapshot: () => store.snapshot(),
    asRunInsert: (entry) => store.asRunInsert(entry),
    asRunUpdate: (id, patch) => void store.asRunUpdate(id, patch),
    loadOnAir() {
      const s = store.getPlayoutState();
      if (!s) return { onAir: false, position: null };
      return {
        onAir: s.onAir,
        paused: s.paused ?? false,
        position: {
          blockId: s.blockId,
          playlistId: s.playlistId,
          itemIndex: s.scriptPosition ?? -1,
          lineIndex: s.lineIndex ?? 0,
          scriptId: s.scriptId,
          slot: s.slot ?? null,
          recent: s.recent ?? [],
          rotation: s.rotation ?? {},
        },
        // States written before the rules were remembered have none of these.
        ...(s.intervalDue !== undefined || s.welcomedSlot !== undefined || s.lastClockCall !== undefined
          ? { rules: { intervalDue: s.intervalDue ?? {}, welcomedSlot: s.welcomedSlot ?? null, lastClockCall: s.lastClockCall ?? 0 } }
          : {}),
      };
    },
    saveOnAir(onAir, position, paused, rules) {
      store.setPlayoutState({
        onAir,
        blockId: position?.blockId ?? null,
        playlistId: position?.playlistId ?? null,
        scriptPosition: position && position.itemIndex >= 0 ? position.itemIndex : null,
        scriptId: position?.scriptId ?? null,
        lineIndex: position ? Math.min(position.lineIndex, 1_000_000) : null,
        slot: position?.slot ?? null,
        recent: position?.recent?.slice(-100) ?? [],
        rotation: position?.rotation ?? {},
        paused: paused ?? false,
        ...(rules ? { intervalDue: rules.intervalDue, welcomedSlot: rules.welcomedSlot, lastClockCall: rules.lastClockCall } : {}),
        updatedAt: Date.now(),
      });
    },
  };
}
