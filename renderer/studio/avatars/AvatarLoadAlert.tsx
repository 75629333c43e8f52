import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AvatarLoadStatus } from '../../../shared/api-stage';
import { getBridge } from '../../bridge';

/** The latest avatar load on the stages (program first), kept live from `stage.avatarStatusChanged`. */
export function useAvatarLoadStatus(): AvatarLoadStatus | null {
  const [status, setStatus] = useState<AvatarLoadStatus | null>(null);
  useEffect(() => {
    const bridge = getBridge();
    let generation = 0;
    const off = bridge.on('stage.avatarStatusChanged', (s) => {
      generation++;
      setStatus(s);
    });
    const offConn = bridge.onConnection((connected) => {
      if (!connected) return;
      const asked = ++generation;
      bridge.call('stage.avatarLoadStatus', {}).then(
        (s) => {
          if (asked === generation) setStatus(s);
        },
        (e: unknown) => console.warn(`studio: could not read the avatar status (${e instanceof Error ? e.message : String(e)})`),
      );
    });
    return () => {
      off();
      offConn();
    };
  }, []);
  return status;
}

/**
 * Says clearly when the stage could not load the chosen avatar (and that the previous one stays on
 * air). `banner`: the full-width strip at the top of the studio; otherwise an alert in a section.
 * Closing it hides this failure; a new one shows again.
 */
export function AvatarLoadAlert({ banner = false }: { banner?: boolean }): React.JSX.Element | null {
  const { t } = useTranslation();
  const status = useAvatarLoadStatus();
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  if (status === null || status.ok || status.at === dismissedAt) return null;
  const name = status.avatarName ?? status.avatarId ?? t('avatars.builtIn');
  const title = `${t('avatars.stageLoadFailed', { name, error: status.error ?? '' })}${status.role === 'preview' ? ` ${t('avatars.stageLoadFailedPreview')}` : ''}`;
  return (
    <Alert
      type="error"
      showIcon
      banner={banner}
      closable
      onClose={() => setDismissedAt(status.at)}
      title={title}
      description={banner ? undefined : t('avatars.stageLoadFailedHint')}
      data-testid={banner ? 'avatar-load-banner' : 'avatar-load-problem'}
    />
  );
}

/** The studio-wide banner (one line in App.tsx: `<AvatarLoadBanner />` above the page content). */
export function AvatarLoadBanner(): React.JSX.Element | null {
  return <AvatarLoadAlert banner />;
}
