/** The live desk's keyboard shortcuts: a pure mapping from a key press to an action (tests/unit/shortcuts.test.ts). */

export type ShortcutAction = 'insert-next' | 'insert-now' | 'skip-line' | 'pause-toggle' | 'emergency-stop' | 'show-help';

/** What the mapping needs of a keyboard event (a KeyboardEvent fits). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Where the focus is when the key is pressed. */
export type FocusKind = 'insert-box' | 'text-field' | 'other';

export interface ShortcutSpec {
  action: ShortcutAction;
  /** Keys as shown to the merchant, e.g. ['Mod', 'Shift', 'S']; "Mod" is Ctrl, or ⌘ on a Mac. */
  keys: readonly string[];
  /** Also fires while typing in the insert box. */
  inInsertBox: boolean;
}

/** Every shortcut, in the order the help lists them. */
export const SHORTCUTS: readonly ShortcutSpec[] = [
  { action: 'insert-next', keys: ['Mod', 'Enter'], inInsertBox: true },
  { action: 'insert-now', keys: ['Mod', 'Shift', 'Enter'], inInsertBox: true },
  { action: 'skip-line', keys: ['Mod', 'Shift', 'S'], inInsertBox: false },
  { action: 'pause-toggle', keys: ['Mod', 'Shift', 'P'], inInsertBox: false },
  { action: 'emergency-stop', keys: ['Mod', 'Shift', 'X'], inInsertBox: false },
  { action: 'show-help', keys: ['Mod', '/'], inInsertBox: false },
];

/**
 * The action of a key press, or null. Ctrl (or ⌘ on a Mac) must be held, and Alt must not, so ordinary typing
 * never triggers anything; while typing in a text field nothing fires except the insert shortcuts in the
 * insert box.
 */
export function shortcutFor(e: KeyPress, focus: FocusKind, isMac = false): ShortcutAction | null {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  if (!mod || e.altKey) return null;
  // On a Mac, Ctrl+… is not our modifier; elsewhere Meta (the Windows key) is not.
  if (isMac ? e.ctrlKey : e.metaKey) return null;
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  const action: ShortcutAction | null =
    key === 'Enter'
      ? e.shiftKey
        ? 'insert-now'
        : 'insert-next'
      : !e.shiftKey
        ? key === '/'
          ? 'show-help'
          : null
        : key === 'S'
          ? 'skip-line'
          : key === 'P'
            ? 'pause-toggle'
            : key === 'X'
              ? 'emergency-stop'
              : null;
  if (!action) return null;
  const spec = SHORTCUTS.find((s) => s.action === action)!;
  if (focus === 'insert-box') return spec.inInsertBox ? action : null;
  if (focus === 'text-field') return null;
  return spec.inInsertBox ? null : action;
}

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'number', 'password', 'tel', 'url', 'date', 'time', 'datetime-local', 'month', 'week']);

/** Where a key press happened: the insert box, another text field, or elsewhere. */
export function focusKindOf(target: EventTarget | null): FocusKind {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return 'other';
  if (target.closest('[data-insert-box]')) return 'insert-box';
  const tag = target.tagName;
  // Radio buttons, checkboxes and switches take no typing: shortcuts still work there.
  const typing = tag === 'INPUT' ? TEXT_INPUTS.has((target as HTMLInputElement).type) : tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
  if (typing) return 'text-field';
  return 'other';
}

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** The keys as shown on this platform, e.g. "Ctrl + Shift + S" or "⌘ + Shift + S". */
export function keysLabel(keys: readonly string[], isMac: boolean): string {
  return keys.map((k) => (k === 'Mod' ? (isMac ? '⌘' : 'Ctrl') : k)).join(' + ');
}
