import { Button, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS, isMacPlatform, keysLabel } from './shortcuts';

/** A "Shortcuts" button whose popover lists every live desk shortcut for this platform. */
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const mac = isMacPlatform();
  return (
    <Popover
      open={open}
      onOpenChange={onOpenChange}
      trigger="click"
      title={t('liveDesk.shortcuts.title')}
      content={
        <div className="live-shortcuts" data-testid="shortcuts-help">
          <table>
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.action}>
                  <td>
                    <kbd>{keysLabel(s.keys, mac)}</kbd>
                  </td>
                  <td>{t(`liveDesk.shortcuts.actions.${s.action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('liveDesk.shortcuts.hint')}
          </Typography.Text>
        </div>
      }
    >
      <Button size="small" data-testid="shortcuts-open">
        ⌨ {t('liveDesk.shortcuts.open')}
      </Button>
    </Popover>
  );
}
