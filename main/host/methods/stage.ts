import type { StageMethods } from '../../../shared/api-stage';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const stagePages: PagesOf<typeof StageMethods> = {};

export function stageMethods(_ctx: HostContext): ImplOf<typeof StageMethods> {
  return {};
}
