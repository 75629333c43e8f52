import { z } from 'zod';
import type { LibrarySnapshot, Plan, PlanBlock, Playlist, PlayoutRule } from './domain';
import { isValidTimeZone, planOverlaps } from './plan';
import { resolveScript, seededRandom } from './templating';

/** One problem of a plan, with what and where, for the studio and `cli simulate`. */
export const PlanProblemSchema = z.object({
  code: z.enum([
    'bad-time-zone',
    'overlap',
    'missing-playlist',
    'empty-playlist',
    'missing-script',
    'missing-product',
    'empty-tag',
    'missing-variable',
    'template',
    'no-plan',
  ]),
  /** Where: e.g. "plan main › mon › block b1 › playlist p › item 3 (script s)". */
  where: z.string(),
  detail: z.string(),
});
export type PlanProblem = z.infer<typeof PlanProblemSchema>;

function dayLists(plan: Plan): Array<[string, readonly PlanBlock[]]> {
  return [
    ...Object.entries(plan.days).map(([k, v]): [string, readonly PlanBlock[]] => [k, v]),
    ...(plan.overrides ?? []).map((o): [string, readonly PlanBlock[]] => [o.date, o.blocks]),
  ];
}

/**
 * Everything wrong with a plan against the library, each with what and where. Pure: the playout keeps
 * airing the parts that work (a script that cannot air is passed over; a block whose playlist cannot air
 * is filled by the idle playlist, else the store's idle scripts or another playable playlist).
 */
export function checkPlan(plan: Plan | null, library: Pick<LibrarySnapshot, 'playlists' | 'scripts' | 'products'>): PlanProblem[] {
  if (!plan) return [{ code: 'no-plan', where: 'store', detail: 'the store has no plan' }];
  const out: PlanProblem[] = [];
  const at = `plan ${plan.id}`;
  if (!isValidTimeZone(plan.timeZone)) out.push({ code: 'bad-time-zone', where: at, detail: `unknown time zone ${plan.timeZone}` });
  for (const o of planOverlaps(plan)) {
    out.push({
      code: 'overlap',
      where: `${at} › ${o.where} › ${o.range}`,
      detail: `blocks ${o.blocks[0]} and ${o.blocks[1]} overlap; ${o.winner} airs (the one that starts later wins)`,
    });
  }
  const checkedPlaylists = new Set<string>();
  const checkRules = (rules: readonly PlayoutRule[] | undefined, where: string): void => {
    for (const r of rules ?? []) {
      const w = `${where} › rule ${r.id}`;
      if ('scriptId' in r.source && !library.scripts.some((s) => s.id === (r.source as { scriptId: string }).scriptId)) {
        out.push({ code: 'missing-script', where: w, detail: `script ${r.source.scriptId} is not in the library` });
      }
      if ('tag' in r.source && !library.scripts.some((s) => s.tags.includes((r.source as { tag: string }).tag))) {
        out.push({ code: 'empty-tag', where: w, detail: `no script has the tag ${r.source.tag}` });
      }
      if (r.kind === 'interval' && r.maxMinutes < r.minMinutes) out.push({ code: 'template', where: w, detail: 'maxMinutes is less than minMinutes' });
    }
  };
  const checkPlaylist = (playlist: Playlist, where: string): void => {
    if (checkedPlaylists.has(playlist.id)) return;
    checkedPlaylists.add(playlist.id);
    if (playlist.items.length === 0) out.push({ code: 'empty-playlist', where, detail: `playlist ${playlist.id} has no items` });
    checkRules(playlist.rules, where);
    playlist.items.forEach((item, i) => {
      const w = `${where} › item ${i + 1}`;
      let scripts = library.scripts.filter(() => false);
      if (item.type === 'script') {
        scripts = library.scripts.filter((s) => s.id === item.scriptId);
        if (scripts.length === 0) out.push({ code: 'missing-script', where: w, detail: `script ${item.scriptId} is not in the library` });
      } else if (item.type === 'product') {
        if (!library.products.some((p) => p.id === item.productId)) out.push({ code: 'missing-product', where: w, detail: `product ${item.productId} is not in the library` });
        scripts = library.scripts.filter((s) => s.productId === item.productId);
        if (scripts.length === 0 && library.products.some((p) => p.id === item.productId)) {
          out.push({ code: 'empty-tag', where: w, detail: `product ${item.productId} has no scripts` });
        }
      } else {
        scripts = library.scripts.filter((s) => s.tags.includes(item.tag));
        if (scripts.length === 0) out.push({ code: 'empty-tag', where: w, detail: `no script has the tag ${item.tag}` });
      }
      for (const script of scripts) {
        const product = script.productId ? (library.products.find((p) => p.id === script.productId) ?? null) : null;
        const scope = product ? { product, ...product, time: '00:00', date: '2000-01-01' } : { time: '00:00', date: '2000-01-01' };
        const r = resolveScript(script.body, scope, seededRandom(1));
        for (const p of r.problems) {
          out.push({
            code: p.kind === 'missing-variable' ? 'missing-variable' : 'template',
            where: `${w} › script ${script.id}`,
            detail:
              p.kind === 'missing-variable'
                ? `{{${p.detail}}} names nothing${product ? ` on product ${product.id}` : script.productId ? ` (product ${script.productId} is gone)` : ' (the script has no product)'}; the script is not aired`
                : `${p.kind}: ${p.detail}`,
          });
        }
        if (r.lines.length === 0 && r.problems.length === 0) out.push({ code: 'template', where: `${w} › script ${script.id}`, detail: 'the script has no speakable line' });
      }
    });
  };
  const blockRefs: Array<[string, string]> = [];
  for (const [day, blocks] of dayLists(plan)) {
    for (const b of blocks) blockRefs.push([`${at} › ${day} › block ${b.id}`, b.playlistId]);
  }
  if (plan.gap?.mode === 'idle') blockRefs.push([`${at} › gap (idle playlist)`, plan.gap.playlistId]);
  for (const [where, playlistId] of blockRefs) {
    const playlist = library.playlists.find((p) => p.id === playlistId);
    if (!playlist) {
      out.push({ code: 'missing-playlist', where, detail: `playlist ${playlistId} is not in the library (deleted?)` });
      continue;
    }
    checkPlaylist(playlist, `${where} › playlist ${playlist.id}`);
  }
  checkRules(plan.rules, at);
  return out;
}
