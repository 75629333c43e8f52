import type { AvatarMethods } from '../../../shared/api-avatars';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const avatarPages: PagesOf<typeof AvatarMethods> = {};

export function avatarMethods(_ctx: HostContext): ImplOf<typeof AvatarMethods> {
  return {};
}
