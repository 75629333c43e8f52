import { Alert, App as AntApp, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatClock, SNAP_MINUTES, DAY_MINUTES } from '../../../shared/plan-edit';
import { usePlanningStore } from './planning-store';

/** The message of a failed host call (the host's own sentence: what is wrong and where). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const PALETTE = ['#4c6ef5', '#12b886', '#f59f00', '#e64980', '#7950f2', '#15aabf', '#82c91e', '#fd7e14', '#be4bdb', '#228be6'];

/**
 * A colour per playlist, the same on every row: by its place in the library's list (so the first ten
 * playlists never share a colour), else by a hash of its id.
 */
export function playlistColour(id: string, playlists: ReadonlyArray<{ id: string }> = []): string {
  const i = playlists.findIndex((p) => p.id === id);
  if (i >= 0) return PALETTE[i % PALETTE.length]!;
  let h = 0;
  for (let k = 0; k < id.length; k++) h = (h * 31 + id.charCodeAt(k)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/** Quarter-hour clock options: starts 00:00…23:45, ends 00:15…24:00. */
export function clockOptions(kind: 'start' | 'end'): Array<{ value: string; label: string }> {
  const out: Array<{ value: string; label: string }> = [];
  for (let m = kind === 'start' ? 0 : SNAP_MINUTES; m <= (kind === 'start' ? DAY_MINUTES - SNAP_MINUTES : DAY_MINUTES); m += SNAP_MINUTES) {
    const v = formatClock(m);
    out.push({ value: v, label: v });
  }
  return out;
}

/** "Block deleted · Undo": the last destructive action of the planning pages, one click from being taken back. */
export function UndoBar() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const last = usePlanningStore((s) => s.lastUndo);
  const undoLast = usePlanningStore((s) => s.undoLast);
  const clear = usePlanningStore((s) => s.clearUndo);
  if (!last) return null;
  return (
    <Alert
      className="planning-undo"
      type="info"
      showIcon
      data-testid="undo-bar"
      title={last.label}
      closable={{ onClose: clear }}
      action={
        <Button size="small" type="primary" data-testid="undo" onClick={() => void undoLast().catch((e: unknown) => message.error(t('planning.undoFailed', { message: errorText(e) })))}>
          {t('planning.undo')}
        </Button>
      }
    />
  );
}
