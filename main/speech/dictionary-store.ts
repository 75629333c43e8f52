import { PronunciationDictionarySchema, type PronunciationDictionary } from '../../shared/normalize';
import { STORE_DICTIONARY_META_KEY } from './speech-service';

/** The part of the library the dictionary lives in (the meta table). */
export interface DictionaryMetaStore {
  getMeta(key: string): unknown;
  setMeta(key: string, value: unknown): void;
}

/**
 * The store's pronunciation dictionary. A stored value that is not a valid dictionary (an old or
 * hand-edited file) reads as its valid entries, never as an error: a bad entry must not stop the voice.
 */
export function readStoreDictionary(store: DictionaryMetaStore): PronunciationDictionary {
  const raw = store.getMeta(STORE_DICTIONARY_META_KEY);
  if (raw === undefined || raw === null) return [];
  const whole = PronunciationDictionarySchema.safeParse(raw);
  if (whole.success) return whole.data;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((e: unknown) => {
    const one = PronunciationDictionarySchema.safeParse([e]);
    return one.success ? one.data : [];
  });
}

/** Replaces the dictionary (validated; later entries win over earlier ones with the same word). */
export function writeStoreDictionary(store: DictionaryMetaStore, entries: PronunciationDictionary): PronunciationDictionary {
  const byWord = new Map<string, PronunciationDictionary[number]>();
  for (const e of PronunciationDictionarySchema.parse(entries)) byWord.set(e.word, e);
  const clean = [...byWord.values()];
  store.setMeta(STORE_DICTIONARY_META_KEY, clean);
  return clean;
}
