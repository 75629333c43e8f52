import { z } from 'zod';
import { WeekdaySchema, type LibrarySnapshot, type Plan, type PlanBlock, type Playlist, type PlayoutRule } from './domain';
import { isValidTimeZone, planOverlaps } from './plan';
import { resolveScript, seededRandom } from './templating';

/** Where a problem is and what it names, as data (ids; the studio looks up names). Every field is optional. */
export const PlanProblemParamsSchema = z
  .object({
    /** The weekday (mon…sun) of the day plan, or absent for a dated override. */
    weekday: WeekdaySchema.optional(),
    /** The date (YYYY-MM-DD) of a dated override. */
    date: z.string().optional(),
    /** True when the problem is about the playlist that fills the gaps (idle playlist). */
    gap: z.boolean().optional(),
    blockId: z.string().optional(),
    /** Block time range, "HH:MM–HH:MM". */
    blockRange: z.string().optional(),
    playlistId: z.string().optional(),
    playlistName: z.string().optional(),
    /** 1-based position of the item in its playlist. */
    item: z.number().int().positive().optional(),
    scriptId: z.string().optional(),
    scriptTitle: z.string().optional(),
    productId: z.string().optional(),
    productName: z.string().optional(),
    ruleId: z.string().optional(),
    tag: z.string().optional(),
    /** The variable (e.g. "product.originalPrice") or setting that is wrong. */
    field: z.string().optional(),
    timeZone: z.string().optional(),
    /** For an overlap: the two blocks, the one that airs, and the overlapping range. */
    otherBlockId: z.string().optional(),
    winnerBlockId: z.string().optional(),
    range: z.string().optional(),
    /** For a template problem: the kind reported by the templating (e.g. "unclosed-variant"). */
    kind: z.string().optional(),
  })
  .strict();
export type PlanProblemParams = z.infer<typeof PlanProblemParamsSchema>;

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
    /** A product item (or rule) whose product has no scripts. */
    'product-without-scripts',
    /** An interval rule whose longest wait is shorter than its shortest. */
    'bad-interval',
    /** A script that resolves to no speakable line. */
    'no-speakable-line',
  ]),
  /** Where, in English (for `cli simulate`): e.g. "plan main › mon › block b1 › playlist p › item 3 › script s". */
  where: z.string(),
  /** What, in English (for `cli simulate`). The studio renders `code` + `params` in the merchant's language instead. */
  detail: z.string(),
  /** The same where and what as data, so the studio can say it in the merchant's language with names instead of ids. */
  params: PlanProblemParamsSchema.optional(),
});
export type PlanProblem = z.infer<typeof PlanProblemSchema>;

type DayKey = { weekday?: PlanProblemParams['weekday']; date?: string };

function dayLists(plan: Plan): Array<[string, readonly PlanBlock[], DayKey]> {
  return [
    ...Object.entries(plan.days).map(([k, v]): [string, readonly PlanBlock[], DayKey] => [k, v, { weekday: WeekdaySchema.parse(k) }]),
    ...(plan.overrides ?? []).map((o): [string, readonly PlanBlock[], DayKey] => [o.date, o.blocks, { date: o.date }]),
  ];
}

/**
 * Everything wrong with a plan against the library, each with what and where (English `where`/`detail` for the
 * CLI, `code` + `params` for the studio). Pure: the playout keeps airing the parts that work (a script that
 * cannot air is passed over; a block whose playlist cannot air is filled by the idle playlist, else the store's
 * idle scripts or another playable playlist).
 */
export function checkPlan(plan: Plan | null, library: Pick<LibrarySnapshot, 'playlists' | 'scripts' | 'products'>): PlanProblem[] {
  if (!plan) return [{ code: 'no-plan', where: 'store', detail: 'the store has no plan', params: {} }];
  const out: PlanProblem[] = [];
  const at = `plan ${plan.id}`;
  if (!isValidTimeZone(plan.timeZone)) {
    out.push({ code: 'bad-time-zone', where: at, detail: `unknown time zone ${plan.timeZone}`, params: { timeZone: plan.timeZone } });
  }
  const dayKey = (where: string): DayKey => (WeekdaySchema.safeParse(where).success ? { weekday: WeekdaySchema.parse(where) } : { date: where });
  for (const o of planOverlaps(plan)) {
    out.push({
      code: 'overlap',
      where: `${at} › ${o.where} › ${o.range}`,
      detail: `blocks ${o.blocks[0]} and ${o.blocks[1]} overlap; ${o.winner} airs (the one that starts later wins)`,
      params: { ...dayKey(o.where), blockId: o.blocks[0], otherBlockId: o.blocks[1], winnerBlockId: o.winner, range: o.range },
    });
  }
  const scriptTitle = (id: string): { scriptTitle?: string } => {
    const t = library.scripts.find((s) => s.id === id)?.title;
    return t ? { scriptTitle: t } : {};
  };
  const productName = (id: string): { productName?: string } => {
    const n = library.products.find((p) => p.id === id)?.name;
    return n ? { productName: n } : {};
  };
  const checkedPlaylists = new Set<string>();
  const checkRules = (rules: readonly PlayoutRule[] | undefined, where: string, base: PlanProblemParams): void => {
    for (const r of rules ?? []) {
      const w = `${where} › rule ${r.id}`;
      const params: PlanProblemParams = { ...base, ruleId: r.id };
      const src = r.source;
      if ('scriptId' in src && !library.scripts.some((s) => s.id === src.scriptId)) {
        out.push({ code: 'missing-script', where: w, detail: `script ${src.scriptId} is not in the library`, params: { ...params, scriptId: src.scriptId } });
      }
      if ('tag' in src && !library.scripts.some((s) => s.tags.includes(src.tag))) {
        out.push({ code: 'empty-tag', where: w, detail: `no script has the tag ${src.tag}`, params: { ...params, tag: src.tag } });
      }
      if (r.kind === 'interval' && r.maxMinutes < r.minMinutes) {
        out.push({ code: 'bad-interval', where: w, detail: 'maxMinutes is less than minMinutes', params: { ...params, field: 'maxMinutes' } });
      }
    }
  };
  const checkPlaylist = (playlist: Playlist, where: string, base: PlanProblemParams): void => {
    if (checkedPlaylists.has(playlist.id)) return;
    checkedPlaylists.add(playlist.id);
    const pl: PlanProblemParams = { ...base, playlistId: playlist.id, playlistName: playlist.name };
    if (playlist.items.length === 0) out.push({ code: 'empty-playlist', where, detail: `playlist ${playlist.id} has no items`, params: pl });
    checkRules(playlist.rules, where, pl);
    playlist.items.forEach((item, i) => {
      const w = `${where} › item ${i + 1}`;
      const ip: PlanProblemParams = { ...pl, item: i + 1 };
      let scripts = library.scripts.filter(() => false);
      if (item.type === 'script') {
        scripts = library.scripts.filter((s) => s.id === item.scriptId);
        if (scripts.length === 0) out.push({ code: 'missing-script', where: w, detail: `script ${item.scriptId} is not in the library`, params: { ...ip, scriptId: item.scriptId } });
      } else if (item.type === 'product') {
        const exists = library.products.some((p) => p.id === item.productId);
        if (!exists) out.push({ code: 'missing-product', where: w, detail: `product ${item.productId} is not in the library`, params: { ...ip, productId: item.productId } });
        scripts = library.scripts.filter((s) => s.productId === item.productId);
        if (scripts.length === 0 && exists) {
          out.push({ code: 'product-without-scripts', where: w, detail: `product ${item.productId} has no scripts`, params: { ...ip, productId: item.productId, ...productName(item.productId) } });
        }
      } else {
        scripts = library.scripts.filter((s) => s.tags.includes(item.tag));
        if (scripts.length === 0) out.push({ code: 'empty-tag', where: w, detail: `no script has the tag ${item.tag}`, params: { ...ip, tag: item.tag } });
      }
      for (const script of scripts) {
        const product = script.productId ? (library.products.find((p) => p.id === script.productId) ?? null) : null;
        const scope = product ? { product, ...product, time: '00:00', date: '2000-01-01' } : { time: '00:00', date: '2000-01-01' };
        const r = resolveScript(script.body, scope, seededRandom(1));
        const sp: PlanProblemParams = {
          ...ip,
          scriptId: script.id,
          ...scriptTitle(script.id),
          ...(script.productId ? { productId: script.productId, ...productName(script.productId) } : {}),
        };
        for (const p of r.problems) {
          const missing = p.kind === 'missing-variable';
          out.push({
            code: missing ? 'missing-variable' : 'template',
            where: `${w} › script ${script.id}`,
            detail: missing
              ? `{{${p.detail}}} names nothing${product ? ` on product ${product.id}` : script.productId ? ` (product ${script.productId} is gone)` : ' (the script has no product)'}; the script is not aired`
              : `${p.kind}: ${p.detail}`,
            params: missing ? { ...sp, field: p.detail } : { ...sp, kind: p.kind, field: p.detail },
          });
        }
        if (r.lines.length === 0 && r.problems.length === 0) {
          out.push({ code: 'no-speakable-line', where: `${w} › script ${script.id}`, detail: 'the script has no speakable line', params: sp });
        }
      }
    });
  };
  const blockRefs: Array<[string, string, PlanProblemParams]> = [];
  for (const [day, blocks, key] of dayLists(plan)) {
    for (const b of blocks) blockRefs.push([`${at} › ${day} › block ${b.id}`, b.playlistId, { ...key, blockId: b.id, blockRange: `${b.start}–${b.end}` }]);
  }
  if (plan.gap?.mode === 'idle') blockRefs.push([`${at} › gap (idle playlist)`, plan.gap.playlistId, { gap: true }]);
  for (const [where, playlistId, base] of blockRefs) {
    const playlist = library.playlists.find((p) => p.id === playlistId);
    if (!playlist) {
      out.push({ code: 'missing-playlist', where, detail: `playlist ${playlistId} is not in the library (deleted?)`, params: { ...base, playlistId } });
      continue;
    }
    checkPlaylist(playlist, `${where} › playlist ${playlist.id}`, base);
  }
  checkRules(plan.rules, at, {});
  return out;
}
