import type { SpeechStudioMethods } from '../../../shared/api-speech-studio';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const speechStudioPages: PagesOf<typeof SpeechStudioMethods> = {};

export function speechStudioMethods(_ctx: HostContext): ImplOf<typeof SpeechStudioMethods> {
  return {};
}
