import { Alert, App as AntApp, Button, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Draft } from './drafts';

const hhmm = (ms: number): string => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** "Restore the unsaved draft from 14:05?" at the top of an editor drawer. */
export function RestoreDraftBanner<T>({ offer, onRestore, onDiscard }: { offer: Draft<T> | null; onRestore: (values: T) => void; onDiscard: () => void }) {
  const { t } = useTranslation();
  if (!offer) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="draft-offer"
      title={t('editSafety.restoreTitle', { time: hhmm(offer.savedAt) })}
      description={t('editSafety.restoreHint')}
      action={
        <Space orientation="vertical">
          <Button size="small" type="primary" onClick={() => onRestore(offer.values)} data-testid="draft-restore">
            {t('editSafety.restore')}
          </Button>
          <Button size="small" onClick={onDiscard} data-testid="draft-discard">
            {t('editSafety.discardDraft')}
          </Button>
        </Space>
      }
    />
  );
}

/** Asked when a drawer with unsaved changes is closed: keep editing, discard, or save. */
export function CloseConfirm({ open, saving, onKeep, onDiscard, onSave }: { open: boolean; saving: boolean; onKeep: () => void; onDiscard: () => void; onSave: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={t('editSafety.closeTitle')}
      onCancel={onKeep}
      data-testid="close-confirm"
      footer={[
        <Button key="keep" onClick={onKeep} data-testid="close-keep">
          {t('editSafety.keepEditing')}
        </Button>,
        <Button key="discard" danger onClick={onDiscard} data-testid="close-discard">
          {t('editSafety.discardChanges')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={onSave} data-testid="close-save">
          {t('editSafety.saveAndClose')}
        </Button>,
      ]}
    >
      {t('editSafety.closeBody')}
    </Modal>
  );
}

/**
 * An editor drawer's draft prompts: the restore offer at the top, and the question when it is
 * closed with unsaved changes. `save` rejects on invalid fields: the question then closes so the
 * merchant sees the form's messages.
 */
export function EditorDraftPrompts<T>({
  draft,
  onRestore,
  confirmClose,
  setConfirmClose,
  saving,
  save,
  onClose,
}: {
  draft: { offer: Draft<T> | null; restored: () => void; discard: () => void };
  onRestore: (values: T) => void;
  confirmClose: boolean;
  setConfirmClose: (open: boolean) => void;
  saving: boolean;
  save: () => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  return (
    <>
      <RestoreDraftBanner
        offer={draft.offer}
        onRestore={(v) => {
          onRestore(v);
          draft.restored();
          void message.info(t('editSafety.draftRestored'));
        }}
        onDiscard={draft.discard}
      />
      <CloseConfirm
        open={confirmClose}
        saving={saving}
        onKeep={() => setConfirmClose(false)}
        onDiscard={() => {
          draft.discard();
          setConfirmClose(false);
          onClose();
        }}
        onSave={() => void save().catch(() => setConfirmClose(false))}
      />
    </>
  );
}
