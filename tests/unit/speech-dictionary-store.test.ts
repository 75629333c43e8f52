import { describe, expect, it } from 'vitest';
import { readStoreDictionary, writeStoreDictionary } from '../../main/speech/dictionary-store';
import { STORE_DICTIONARY_META_KEY } from '../../main/speech/speech-service';

function memoryMeta(initial?: unknown) {
  const data = new Map<string, unknown>();
  if (initial !== undefined) data.set(STORE_DICTIONARY_META_KEY, initial);
  return { data, getMeta: (k: string) => data.get(k), setMeta: (k: string, v: unknown) => void data.set(k, v) };
}

describe('the store pronunciation dictionary', () => {
  it('reads nothing as empty, and keeps the valid entries of a damaged stored value', () => {
    expect(readStoreDictionary(memoryMeta())).toEqual([]);
    expect(readStoreDictionary(memoryMeta('not a list'))).toEqual([]);
    const mixed = [{ word: '行货', reading: '杭货' }, { word: '', reading: 'x' }, 42, { word: 'SK-II', reading: '艾斯开兔', sub: 'S K two' }];
    expect(readStoreDictionary(memoryMeta(mixed))).toEqual([
      { word: '行货', reading: '杭货' },
      { word: 'SK-II', reading: '艾斯开兔', sub: 'S K two' },
    ]);
  });

  it('writes validated entries under the meta key, the last entry of a word winning', () => {
    const store = memoryMeta();
    const saved = writeStoreDictionary(store, [
      { word: '行货', reading: '形货' },
      { word: '行货', reading: '杭货', phoneme: { alphabet: 'sapi', ph: 'hang 2 huo 4' } },
    ]);
    expect(saved).toEqual([{ word: '行货', reading: '杭货', phoneme: { alphabet: 'sapi', ph: 'hang 2 huo 4' } }]);
    expect(store.data.get(STORE_DICTIONARY_META_KEY)).toEqual(saved);
    expect(() => writeStoreDictionary(store, [{ word: 'x', reading: 'y', phoneme: { alphabet: 'klingon' as 'ipa', ph: 'a' } }])).toThrow();
    expect(readStoreDictionary(store)).toEqual(saved);
  });
});
