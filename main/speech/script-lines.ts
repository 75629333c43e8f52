import type { Locale, Playlist, Product, Script, SpeechSettings } from '../../shared/domain';
import { resolveScript, type TemplateScope } from '../../shared/templating';
import type { RenderRequest } from './engine';

/**
 * The lines a store may speak, for pre-rendering: every script of the chosen playlists resolved
 * against its product the way the playout does (`{ product }` scope), once per variant index so
 * that every `{a|b|c}` option is said at least once.
 */

export interface StoreLinesInput {
  locale: Locale;
  speech: SpeechSettings;
  playlists: readonly Playlist[];
  scripts: readonly Script[];
  products: readonly Product[];
  /** Only this playlist; default all. */
  playlistId?: string;
}

/** Most options of a variant group `{a|b|c}` in a body (at least 1). */
function maxVariantOptions(body: string): number {
  let max = 1;
  for (const m of body.matchAll(/(?<!\{)\{(?!\{)([^{}]*)\}/g)) max = Math.max(max, (m[1] ?? '').split('|').length);
  return Math.min(max, 20);
}

/** Every distinct line of one script: variant option k of every group, for each k. */
export function scriptLines(script: Script, product: Product | null): string[] {
  const scope: TemplateScope = product ? { product } : {};
  const k = maxVariantOptions(script.body);
  const lines = new Set<string>();
  for (let i = 0; i < k; i++) {
    // A constant random value picks option floor(i/k · n) in a group of n: all of them over i.
    const r = (i + 0.001) / k;
    for (const line of resolveScript(script.body, scope, () => r, new Map()).lines) lines.add(line.text);
  }
  return [...lines];
}

/** The render requests of a store's playlists, in playlist order, without duplicates. */
export function storeRenderRequests(input: StoreLinesInput): RenderRequest[] {
  const scripts = new Map(input.scripts.map((s) => [s.id, s] as const));
  const products = new Map(input.products.map((p) => [p.id, p] as const));
  const playlists = input.playlistId === undefined ? input.playlists : input.playlists.filter((p) => p.id === input.playlistId);
  const seen = new Set<string>();
  const out: RenderRequest[] = [];
  const add = (text: string) => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ text, locale: input.locale, voice: input.speech.voice, rate: input.speech.rate, pitch: input.speech.pitch });
  };
  const addScript = (script: Script | undefined) => {
    if (!script) return;
    const product = script.productId ? (products.get(script.productId) ?? null) : null;
    for (const text of scriptLines(script, product)) add(text);
  };
  const byTag = (tag: string) => input.scripts.filter((s) => s.tags.includes(tag));
  for (const playlist of playlists) {
    for (const item of playlist.items) {
      // Items name a script, a product (its scripts rotate) or a tag (any script with it).
      const it = item as { type: string; scriptId?: string; productId?: string; tag?: string };
      if (it.scriptId !== undefined) addScript(scripts.get(it.scriptId));
      else if (it.productId !== undefined) input.scripts.filter((s) => s.productId === it.productId).forEach(addScript);
      else if (it.tag !== undefined) byTag(it.tag).forEach(addScript);
    }
    // Rules (reminders, time calls) say a script, a tag's scripts, or typed text; texts with
    // {{time}} change every time and are not worth pre-rendering.
    const rules = (playlist as { rules?: readonly { source: { scriptId?: string; tag?: string; text?: string } }[] }).rules ?? [];
    for (const rule of rules) {
      if (rule.source.scriptId !== undefined) addScript(scripts.get(rule.source.scriptId));
      else if (rule.source.tag !== undefined) byTag(rule.source.tag).forEach(addScript);
      else if (rule.source.text !== undefined && !rule.source.text.includes('{{')) {
        for (const line of resolveScript(rule.source.text, {}, () => 0, new Map()).lines) add(line.text);
      }
    }
  }
  return out;
}
