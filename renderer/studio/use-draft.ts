import { useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { browserDraftStore, DraftWriter, sameValues, type Draft } from './drafts';

/**
 * The draft safety net of an editor drawer: while `open`, the current `values` are kept (debounced)
 * under `key`; a draft left from an earlier session is offered back (`offer`) until the merchant
 * restores or discards it.
 */
export function useDraft<T>({ open, key, base, values, schema }: { open: boolean; key: string; base: T; values: T | null; schema: z.ZodType<T> }) {
  const store = useMemo(() => browserDraftStore(), []);
  const writer = useRef<DraftWriter<T> | null>(null);
  /** base is a new object every render: its JSON is what the hooks depend on. */
  const baseJson = JSON.stringify(base);
  /** `key@savedAt` of the offered draft the merchant restored or discarded. */
  const [decided, setDecided] = useState<string | null>(null);
  // Read once per opening: what the merchant types afterwards replaces the stored draft, not the offer.
  const stored = useMemo(() => (open ? store.load(key, schema) : null), [open, key, store, schema]);
  const pending = stored && !sameValues(stored.values, JSON.parse(baseJson)) ? stored : null;
  const offer: Draft<T> | null = pending && decided !== `${key}@${pending.savedAt}` ? pending : null;

  useEffect(() => {
    if (!open) return;
    const b = JSON.parse(baseJson) as T;
    // A draft equal to what is saved offers nothing.
    const old = store.load(key, schema);
    if (old && sameValues(old.values, b)) store.clear(key);
    const w = new DraftWriter(store, key, b);
    writer.current = w;
    const flush = () => w.flush();
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', flush);
      w.dispose();
      if (writer.current === w) writer.current = null;
    };
  }, [open, key, baseJson, store, schema]);

  useEffect(() => {
    if (open && values !== null) writer.current?.update(values);
  }, [open, values]);

  return {
    /**
     * Whether these values (read from the form at the moment of asking) differ from what is saved.
     * Not from the form's watch: it lags a render behind a programmatic change such as a restored
     * draft, and a close request must not miss such a change.
     */
    isDirty: (current: T): boolean => open && !sameValues(current, base),
    offer,
    /** The merchant took the offered draft back: stop offering it (the writer stores it again as they edit). */
    restored: () => setDecided(offer ? `${key}@${offer.savedAt}` : null),
    /** Saved, or the merchant threw the changes away: nothing to keep or offer. */
    discard: () => {
      writer.current?.discard();
      store.clear(key);
      if (offer) setDecided(`${key}@${offer.savedAt}`);
    },
  };
}
