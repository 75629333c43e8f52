import type { LibrarySnapshot, Script } from '../../shared/domain';
import { effectiveTerms, lintText, type LintHit } from '../../shared/lint';

export interface ScriptHits {
  script: Script;
  hits: LintHit[];
}

/** Every banned-word hit in the scripts the plan's playlists can put on air. */
export function planLintReport(library: LibrarySnapshot): ScriptHits[] {
  const terms = effectiveTerms(library.settings.lint);
  const onPlan = new Set<string>();
  const planned = new Set(Object.values(library.plan?.days ?? {}).flatMap((blocks) => (blocks ?? []).map((b) => b.playlistId)));
  for (const playlist of library.playlists) {
    if (!planned.has(playlist.id)) continue;
    for (const item of playlist.items) {
      if ('scriptId' in item && typeof item.scriptId === 'string') onPlan.add(item.scriptId);
      if ('productId' in item && typeof item.productId === 'string') {
        for (const s of library.scripts) if (s.productId === item.productId) onPlan.add(s.id);
      }
      if ('tag' in item && typeof item.tag === 'string') {
        const tag = item.tag;
        for (const s of library.scripts) if (s.tags.includes(tag)) onPlan.add(s.id);
      }
    }
  }
  return library.scripts
    .filter((s) => onPlan.has(s.id))
    .map((script) => ({ script, hits: lintText(script.body, terms) }))
    .filter((r) => r.hits.length > 0);
}
