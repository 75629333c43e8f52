import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftStore, DraftWriter, memoryStorage, productDraftKey, ScriptDraftSchema, scriptDraftKey, type DraftStorage, type ScriptDraft } from '../../renderer/studio/drafts';

const saved: ScriptDraft = { title: '欢迎', kind: 'welcome', productId: '', body: '欢迎来到直播间', emotion: null };

describe('drafts of the product and script editors', () => {
  let storage: DraftStorage;
  let store: DraftStore;
  beforeEach(() => {
    vi.useFakeTimers();
    storage = memoryStorage();
    store = new DraftStore(storage);
  });
  afterEach(() => vi.useRealTimers());

  it('keys each item separately, and new scripts by the product they are written for', () => {
    expect(productDraftKey('mug')).toBe('product:mug');
    expect(productDraftKey(null)).toBe('product:new');
    expect(scriptDraftKey('s1', 'mug')).toBe('script:s1');
    expect(scriptDraftKey(null, 'mug')).toBe('script:new:mug');
    expect(scriptDraftKey(null, null)).toBe('script:new:general');
    expect(new Set([productDraftKey('a'), scriptDraftKey('a', null), scriptDraftKey(null, 'a')]).size).toBe(3);
  });

  it('stores the edits 500 ms after the last keystroke, with the time they were made', () => {
    let clock = 1_700_000_000_000;
    const w = new DraftWriter(store, 'script:s1', saved, 500, () => clock);
    w.update({ ...saved, body: '欢迎来到' });
    vi.advanceTimersByTime(300);
    w.update({ ...saved, body: '欢迎来到直播间！关注一下' });
    vi.advanceTimersByTime(300);
    expect(store.load('script:s1', ScriptDraftSchema)).toBeNull();
    clock += 600;
    vi.advanceTimersByTime(200);
    expect(store.load('script:s1', ScriptDraftSchema)).toEqual({ savedAt: clock, values: { ...saved, body: '欢迎来到直播间！关注一下' } });
  });

  it('writes what is pending at once when the window goes away (flush)', () => {
    const w = new DraftWriter(store, 'script:s1', saved);
    w.update({ ...saved, title: '新标题' });
    w.flush();
    expect(store.load('script:s1', ScriptDraftSchema)?.values.title).toBe('新标题');
  });

  it('a draft back at the saved values is removed, but one left by an earlier session stays until decided', () => {
    store.save('script:s1', { ...saved, body: '上次没保存的' }, 1);
    const reopened = new DraftWriter(store, 'script:s1', saved);
    reopened.update(saved);
    vi.advanceTimersByTime(600);
    expect(store.load('script:s1', ScriptDraftSchema)?.values.body).toBe('上次没保存的');

    reopened.update({ ...saved, body: '改了' });
    vi.advanceTimersByTime(600);
    expect(store.load('script:s1', ScriptDraftSchema)?.values.body).toBe('改了');
    reopened.update(saved);
    vi.advanceTimersByTime(600);
    expect(store.load('script:s1', ScriptDraftSchema)).toBeNull();
  });

  it('discard (after a save or "discard changes") clears the draft and the pending write', () => {
    const w = new DraftWriter(store, 'script:s1', saved);
    w.update({ ...saved, body: '一' });
    vi.advanceTimersByTime(600);
    w.update({ ...saved, body: '一二' });
    w.discard();
    vi.advanceTimersByTime(600);
    expect(store.load('script:s1', ScriptDraftSchema)).toBeNull();
    expect(w.isDirty({ ...saved })).toBe(false);
    expect(w.isDirty({ ...saved, emotion: 'excited' })).toBe(true);
  });

  it('drops a damaged or foreign value instead of offering it', () => {
    storage.setItem('stagehost.draft.script:x', '{not json');
    expect(store.load('script:x', ScriptDraftSchema)).toBeNull();
    expect(storage.getItem('stagehost.draft.script:x')).toBeNull();
    storage.setItem('stagehost.draft.script:y', JSON.stringify({ savedAt: 1, values: { title: 3 } }));
    expect(store.load('script:y', ScriptDraftSchema)).toBeNull();
    expect(storage.getItem('stagehost.draft.script:y')).toBeNull();
  });

  it('keeps working when the storage refuses writes (full)', () => {
    const full: DraftStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} };
    const w = new DraftWriter(new DraftStore(full), 'product:new', saved);
    w.update({ ...saved, body: 'x' });
    expect(() => vi.advanceTimersByTime(600)).not.toThrow();
  });
});
