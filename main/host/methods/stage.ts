import type { AvatarLoadStatus, StageMethods } from '../../../shared/api-stage';
import type { LibraryStore, SettingsPatch } from '../../library/store';
import { HostCallError } from '../host';
import type { HostContext, ImplOf, PagesOf } from '../host-context';
import { mediaStoreOf } from './avatars';

/**
 * For `settings.update`: the AI label may not be turned off there, silently (without confirmation
 * and without an as-run entry); `stage.setAiLabel` is the way. Returns the patch when it is fine.
 */
export function guardSettingsPatch<P extends SettingsPatch>(store: Pick<LibraryStore, 'getSettings'>, patch: P): P {
  if (patch.aiLabel?.enabled === false && store.getSettings().aiLabel.enabled) {
    throw new HostCallError(
      'confirmation-required',
      'The AI-generated label cannot be turned off through settings.update: use stage.setAiLabel with confirmed: true (it is recorded in the as-run log).',
    );
  }
  return patch;
}

export const stagePages: PagesOf<typeof StageMethods> = {
  'stage.setAiLabel': ['studio'],
  'stage.avatarStatus': ['stage'],
  'stage.avatarLoadStatus': ['studio'],
};

/** The as-run note for a change of the AI label (the log is in English, like the rest of its notes). */
export function aiLabelNote(enabled: boolean, onAir: boolean, text: string): string {
  const what = enabled ? `AI label turned on by the operator ("${text}")` : 'AI label turned off by the operator';
  return `${what}${onAir ? ' while on air' : ' while off air'}`;
}

export function stageMethods(ctx: HostContext): ImplOf<typeof StageMethods> {
  const { store } = ctx;
  /** The latest avatar load per stage role; the program stage's is the one that counts. */
  const avatarLoads: { program: AvatarLoadStatus | null; preview: AvatarLoadStatus | null } = { program: null, preview: null };
  const avatarLoad = (): AvatarLoadStatus | null => avatarLoads.program ?? avatarLoads.preview;
  return {
    'stage.avatarStatus': ({ avatarId, ok, error, role }) => {
      const status: AvatarLoadStatus = {
        avatarId,
        avatarName: avatarId === null ? null : (mediaStoreOf(ctx).get(avatarId)?.fileName ?? null),
        ok,
        error: ok ? null : (error ?? 'unknown error'),
        role,
        at: Date.now(),
      };
      const before = JSON.stringify({ ...avatarLoad(), at: 0 });
      avatarLoads[role] = status;
      const now = avatarLoad();
      if (now && JSON.stringify({ ...now, at: 0 }) !== before) {
        if (!now.ok) ctx.log(`stage: the ${role} stage could not load the avatar ${avatarId ?? '(built-in)'}: ${now.error}`);
        ctx.emit('stage.avatarStatusChanged', now);
      }
      return { ok: true as const };
    },
    'stage.avatarLoadStatus': () => avatarLoad(),
    'stage.setAiLabel': ({ enabled, text, confirmed }) => {
      const before = store.getSettings().aiLabel;
      if (!enabled && before.enabled && confirmed !== true) {
        throw new HostCallError(
          'confirmation-required',
          'Turning the AI-generated label off needs confirmation: platforms and the law require a visible label while a digital human hosts.',
        );
      }
      const settings = ctx.write(() =>
        store.transaction(() => {
          const next = store.updateSettings({ aiLabel: { enabled, ...(text !== undefined ? { text } : {}) } });
          if (next.aiLabel.enabled !== before.enabled) {
            const now = Date.now();
            const status = ctx.playout.state().status;
            const onAir = status === 'on-air' || status === 'starting';
            const id = store.asRunInsert({
              lineId: `notice-ai-label-${now}`,
              plannedAt: now,
              startedAt: now,
              endedAt: now,
              blockId: null,
              playlistId: null,
              scriptId: null,
              text: next.aiLabel.text,
              engine: '',
              voice: null,
              cacheHit: false,
              outcome: 'notice',
              note: aiLabelNote(next.aiLabel.enabled, onAir, next.aiLabel.text),
            });
            const entry = store.asRunGet(id);
            if (entry) queueMicrotask(() => ctx.emit('asrun.changed', entry));
          }
          return next;
        }),
      );
      ctx.log(`stage: AI label ${settings.aiLabel.enabled ? 'on' : 'off'} ("${settings.aiLabel.text}")`);
      return settings;
    },
  };
}
