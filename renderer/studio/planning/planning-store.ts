import { create } from 'zustand';
import type { Plan, Playlist } from '../../../shared/domain';

/** Which day list a block belongs to: a weekday key ("mon") or an override's date ("2026-11-11"). */
export type DayKey = string;

export interface BlockRef {
  day: DayKey;
  id: string;
}

/** The last destructive action, so the merchant can take it back ("Undo"). */
export interface UndoEntry {
  /** What was done, already localised, e.g. "Block deleted". */
  label: string;
  undo: () => void | Promise<void>;
}

/**
 * Client state of the playlist and plan editors: what is selected, the unsaved drafts, and the undo of
 * the last destructive action. The library snapshot (what is saved) stays in the host.
 */
export interface PlanningState {
  selectedPlaylistId: string | null;
  /** The playlist being edited (unsaved changes), or null when it equals the saved one. */
  playlistDraft: Playlist | null;
  /** The plan being edited (unsaved changes), or null when it equals the saved one. */
  planDraft: Plan | null;
  selectedBlock: BlockRef | null;
  /** Which override day is open on the plan page (its date), or null. */
  selectedOverride: string | null;
  lastUndo: UndoEntry | null;

  selectPlaylist(id: string | null): void;
  setPlaylistDraft(draft: Playlist | null): void;
  setPlanDraft(draft: Plan | null): void;
  selectBlock(ref: BlockRef | null): void;
  selectOverride(date: string | null): void;
  /** Records a destructive action that can be undone (replaces the previous one). */
  pushUndo(entry: UndoEntry): void;
  /** Runs and forgets the last undo entry; false when there was none. */
  undoLast(): Promise<boolean>;
  clearUndo(): void;
}

export const usePlanningStore = create<PlanningState>()((set, get) => ({
  selectedPlaylistId: null,
  playlistDraft: null,
  planDraft: null,
  selectedBlock: null,
  selectedOverride: null,
  lastUndo: null,
  selectPlaylist: (id) => set({ selectedPlaylistId: id, playlistDraft: null }),
  setPlaylistDraft: (draft) => set({ playlistDraft: draft }),
  setPlanDraft: (draft) => set({ planDraft: draft }),
  selectBlock: (ref) => set({ selectedBlock: ref }),
  selectOverride: (date) => set({ selectedOverride: date }),
  pushUndo: (entry) => set({ lastUndo: entry }),
  undoLast: async () => {
    const entry = get().lastUndo;
    if (!entry) return false;
    set({ lastUndo: null });
    await entry.undo();
    return true;
  },
  clearUndo: () => set({ lastUndo: null }),
}));
