import type { PlanningMethods } from '../../../shared/api-planning';
import type { Plan } from '../../../shared/domain';
import { HostCallError } from '../host';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const planningPages: PagesOf<typeof PlanningMethods> = {
  'library.upsertPlaylist': ['studio'],
  'library.deletePlaylist': ['studio'],
  'plan.save': ['studio'],
};

/** Where a plan uses a playlist beyond its weekday blocks (which the database itself guards): special days and the gap filler. */
function otherUses(plan: Plan, playlistId: string): string[] {
  const out: string[] = [];
  for (const o of plan.overrides ?? []) if (o.blocks.some((b) => b.playlistId === playlistId)) out.push(`the special day ${o.date}`);
  if (plan.gap?.mode === 'idle' && plan.gap.playlistId === playlistId) out.push('the gaps (idle playlist)');
  return out;
}

export function planningMethods(ctx: HostContext): ImplOf<typeof PlanningMethods> {
  const { store, write } = ctx;
  return {
    'library.upsertPlaylist': ({ playlist }) => write(() => store.upsertPlaylist(playlist)),
    'library.deletePlaylist': ({ id }) => {
      for (const plan of store.listPlans()) {
        const uses = otherUses(plan, id);
        if (uses.length > 0) {
          throw new HostCallError('bad-request', `The playlist "${id}" is used by the plan "${plan.name}" (${uses.join(', ')}); take it off the plan before deleting it.`);
        }
      }
      return write(() => ({ deleted: store.deletePlaylist(id) }));
    },
    // The playout reads the active plan at every line, so a saved plan takes effect at the next line.
    'plan.save': ({ plan }) => write(() => store.upsertPlan(plan, { activate: true })),
  };
}
