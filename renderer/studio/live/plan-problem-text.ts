import type { TFunction } from 'i18next';
import type { LibrarySnapshot, Plan, PlanBlock } from '../../../shared/domain';
import type { PlanProblem } from '../../../shared/plan-check';

export interface ProblemText {
  /** The problem's kind, e.g. "Missing playlist". */
  label: string;
  /** Where, in the merchant's words: "Mon › block 10:00–12:00 › playlist "Morning" › item 2". */
  where: string;
  /** What is wrong and what to do. */
  what: string;
}

/**
 * Says a plan problem in the merchant's language from its `code` and `params`, with names instead of ids
 * (looked up in the library and plan; the ids stay when nothing is found). Problems without params (an older
 * host) fall back to the English `where` and `detail`.
 */
export function planProblemText(p: PlanProblem, t: TFunction, library: LibrarySnapshot | null, plan: Plan | null): ProblemText {
  const label = t(`liveDesk.problems.code.${p.code}`);
  const params = p.params;
  if (!params) return { label, where: p.where, what: p.detail };
  const blocks = new Map<string, PlanBlock>();
  if (plan) {
    for (const b of Object.values(plan.days).flat()) blocks.set(b.id, b);
    for (const o of plan.overrides ?? []) for (const b of o.blocks) blocks.set(b.id, b);
  }
  const playlistName = (id: string | undefined, fallback?: string): string =>
    (id && library?.playlists.find((pl) => pl.id === id)?.name) || fallback || id || '';
  const scriptTitle = (id: string | undefined, fallback?: string): string => (id && library?.scripts.find((s) => s.id === id)?.title) || fallback || id || '';
  const productName = (id: string | undefined, fallback?: string): string => (id && library?.products.find((x) => x.id === id)?.name) || fallback || id || '';
  const blockName = (id: string | undefined): string => {
    const b = id ? blocks.get(id) : undefined;
    if (!b) return id ?? '';
    return t('planning.problems.block', { name: playlistName(b.playlistId), range: `${b.start}–${b.end}` });
  };

  const parts: string[] = [];
  if (params.weekday) parts.push(t(`planning.weekday.${params.weekday}`));
  if (params.date) parts.push(params.date);
  if (p.code === 'overlap' && params.range) parts.push(params.range);
  if (params.gap) parts.push(t('liveDesk.problems.where.gap'));
  if (params.blockRange && p.code !== 'overlap') parts.push(t('liveDesk.problems.where.block', { range: params.blockRange }));
  if (params.playlistId && p.code !== 'missing-playlist') parts.push(t('liveDesk.problems.where.playlist', { name: playlistName(params.playlistId, params.playlistName) }));
  if (params.item) parts.push(t('liveDesk.problems.where.item', { n: params.item }));
  if (params.ruleId) parts.push(t('liveDesk.problems.where.rule', { id: params.ruleId }));
  if (params.scriptId && (p.code === 'missing-variable' || p.code === 'template' || p.code === 'no-speakable-line')) {
    parts.push(t('liveDesk.problems.where.script', { title: scriptTitle(params.scriptId, params.scriptTitle) }));
  }
  if (parts.length === 0) parts.push(t(p.code === 'no-plan' ? 'liveDesk.problems.where.store' : 'liveDesk.problems.where.plan'));

  const script = scriptTitle(params.scriptId, params.scriptTitle);
  const product = productName(params.productId, params.productName);
  const owner = params.productId
    ? library && !library.products.some((x) => x.id === params.productId) && !params.productName
      ? t('liveDesk.problems.ownerGone')
      : t('liveDesk.problems.ownerProduct', { product })
    : t('liveDesk.problems.ownerNone');
  const id = p.code === 'missing-script' ? params.scriptId : p.code === 'missing-product' ? params.productId : p.code === 'missing-playlist' ? params.playlistId : undefined;
  const what = t(`liveDesk.problems.what.${p.code}`, {
    timeZone: params.timeZone ?? '',
    a: blockName(params.blockId),
    b: blockName(params.otherBlockId),
    winner: blockName(params.winnerBlockId),
    range: params.range ?? '',
    playlist: playlistName(params.playlistId, params.playlistName),
    id: id ?? '',
    tag: params.tag ?? '',
    field: params.field ? `{{${params.field}}}` : '',
    kind: params.kind ?? '',
    script,
    product,
    owner,
  });
  return { label, where: parts.join(' › '), what };
}
