import type { PlanningMethods } from '../../../shared/api-planning';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const planningPages: PagesOf<typeof PlanningMethods> = {
  'library.upsertPlaylist': ['studio'],
  'library.deletePlaylist': ['studio'],
  'plan.save': ['studio'],
};

export function planningMethods(ctx: HostContext): ImplOf<typeof PlanningMethods> {
  const { store, write } = ctx;
  return {
    'library.upsertPlaylist': ({ playlist }) => write(() => store.upsertPlaylist(playlist)),
    'library.deletePlaylist': ({ id }) => write(() => ({ deleted: store.deletePlaylist(id) })),
    // The playout reads the active plan at every line, so a saved plan takes effect at the next line.
    'plan.save': ({ plan }) => write(() => store.upsertPlan(plan, { activate: true })),
  };
}
