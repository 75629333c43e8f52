import type { StoreMethods } from '../../../shared/api-store';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const storePages: PagesOf<typeof StoreMethods> = {};

export function storeMethods(_ctx: HostContext): ImplOf<typeof StoreMethods> {
  return {};
}
