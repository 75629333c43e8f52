import { describe, expect, it } from 'vitest';
import { SHORTCUTS, keysLabel, shortcutFor, type KeyPress } from '../../renderer/studio/live/shortcuts';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('live desk shortcuts', () => {
  it('maps the documented chords to their actions outside text fields', () => {
    expect(shortcutFor(press('S', { ctrlKey: true, shiftKey: true }), 'other')).toBe('skip-line');
    expect(shortcutFor(press('s', { ctrlKey: true, shiftKey: true }), 'other')).toBe('skip-line');
    expect(shortcutFor(press('P', { ctrlKey: true, shiftKey: true }), 'other')).toBe('pause-toggle');
    expect(shortcutFor(press('X', { ctrlKey: true, shiftKey: true }), 'other')).toBe('emergency-stop');
    expect(shortcutFor(press('/', { ctrlKey: true }), 'other')).toBe('show-help');
  });

  it('uses ⌘ on a Mac and Ctrl elsewhere, never both', () => {
    expect(shortcutFor(press('S', { metaKey: true, shiftKey: true }), 'other', true)).toBe('skip-line');
    expect(shortcutFor(press('S', { metaKey: true, shiftKey: true }), 'other', false)).toBeNull();
    expect(shortcutFor(press('S', { ctrlKey: true, shiftKey: true }), 'other', true)).toBeNull();
    expect(shortcutFor(press('S', { ctrlKey: true, metaKey: true, shiftKey: true }), 'other', false)).toBeNull();
  });

  it('ignores plain typing, Alt chords and near misses', () => {
    for (const key of ['s', 'S', 'p', 'Enter', 'Escape', 'x', ' ']) {
      expect(shortcutFor(press(key), 'other')).toBeNull();
      expect(shortcutFor(press(key, { shiftKey: true }), 'other')).toBeNull();
    }
    expect(shortcutFor(press('S', { ctrlKey: true }), 'other')).toBeNull(); // Ctrl+S (save page) is not a skip
    expect(shortcutFor(press('P', { ctrlKey: true }), 'other')).toBeNull(); // Ctrl+P (print) is not a pause
    expect(shortcutFor(press('S', { ctrlKey: true, shiftKey: true, altKey: true }), 'other')).toBeNull();
  });

  it('fires nothing while typing in a text field, and only the insert chords in the insert box', () => {
    for (const spec of SHORTCUTS) {
      const shift = spec.keys.includes('Shift');
      const key = spec.keys.at(-1)!;
      const e = press(key, { ctrlKey: true, shiftKey: shift });
      expect(shortcutFor(e, 'other'), spec.action).toBe(spec.inInsertBox ? null : spec.action);
      expect(shortcutFor(e, 'text-field'), spec.action).toBeNull();
      expect(shortcutFor(e, 'insert-box'), spec.action).toBe(spec.inInsertBox ? spec.action : null);
    }
    expect(shortcutFor(press('Enter', { ctrlKey: true }), 'insert-box')).toBe('insert-next');
    expect(shortcutFor(press('Enter', { ctrlKey: true, shiftKey: true }), 'insert-box')).toBe('insert-now');
  });

  it('labels keys for the platform', () => {
    expect(keysLabel(['Mod', 'Shift', 'S'], false)).toBe('Ctrl + Shift + S');
    expect(keysLabel(['Mod', 'Shift', 'S'], true)).toBe('⌘ + Shift + S');
  });
});
