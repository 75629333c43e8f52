import { Button, Checkbox, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot, PlanBlock, Weekday } from '../../../shared/domain';
import { PLAN_WEEKDAYS } from '../../../shared/plan-edit';
import { clockOptions } from './planning-ui';
import type { DayKey } from './planning-store';

export interface EditingBlock {
  day: DayKey;
  block: PlanBlock;
  isNew: boolean;
}

/** Edit one block: playlist, start and end (an end not after the start runs into the next day), start mode; delete. */
export function BlockEditor({
  editing,
  library,
  dayLabel,
  onOk,
  onDelete,
  onClose,
}: {
  editing: EditingBlock;
  library: LibrarySnapshot;
  dayLabel: (key: DayKey) => string;
  onOk: (day: DayKey, block: PlanBlock) => void;
  onDelete: (day: DayKey, id: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [block, setBlock] = useState<PlanBlock>(editing.block);
  const crosses = block.end !== '24:00' && block.end <= block.start;
  return (
    <Modal
      open
      title={editing.isNew ? t('planning.block.new', { day: dayLabel(editing.day) }) : t('planning.block.edit', { day: dayLabel(editing.day) })}
      onCancel={onClose}
      footer={
        <Space>
          {!editing.isNew && (
            <Button danger onClick={() => onDelete(editing.day, block.id)} data-testid="block-delete">
              {t('planning.delete')}
            </Button>
          )}
          <Button onClick={onClose}>{t('planning.cancel')}</Button>
          <Button type="primary" disabled={!block.playlistId} onClick={() => onOk(editing.day, block)} data-testid="block-ok">
            {t('planning.ok')}
          </Button>
        </Space>
      }
      data-testid="block-editor"
    >
      <div className="block-form">
        <label>{t('planning.block.playlist')}</label>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          value={block.playlistId || undefined}
          onChange={(v: string) => setBlock({ ...block, playlistId: v })}
          options={library.playlists.map((p) => ({ value: p.id, label: p.name }))}
          placeholder={t('planning.block.pickPlaylist')}
          data-testid="block-playlist"
        />
        <label>{t('planning.block.start')}</label>
        <Select showSearch value={block.start} onChange={(v: string) => setBlock({ ...block, start: v })} options={clockOptions('start')} data-testid="block-start" />
        <label>{t('planning.block.end')}</label>
        <Space>
          <Select showSearch value={block.end} onChange={(v: string) => setBlock({ ...block, end: v })} options={clockOptions('end')} style={{ width: 120 }} data-testid="block-end" />
          {crosses && <Tag color="geekblue">{t('planning.block.nextDay')}</Tag>}
        </Space>
        <label>{t('planning.block.startMode')}</label>
        <Radio.Group value={block.startMode} onChange={(e) => setBlock({ ...block, startMode: e.target.value as PlanBlock['startMode'] })} data-testid="block-mode">
          <Radio value="soft">{t('planning.block.soft')}</Radio>
          <Radio value="hard">{t('planning.block.hard')}</Radio>
        </Radio.Group>
        <span />
        <Typography.Text type="secondary">{t(block.startMode === 'soft' ? 'planning.block.softHelp' : 'planning.block.hardHelp')}</Typography.Text>
      </div>
    </Modal>
  );
}

/** Copy a weekday's blocks to other weekdays. */
export function CopyDayModal({ from, dayLabel, onOk, onClose }: { from: Weekday; dayLabel: (key: DayKey) => string; onOk: (to: Weekday[]) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [to, setTo] = useState<Weekday[]>([]);
  return (
    <Modal open title={t('planning.plan.copyTitle', { day: dayLabel(from) })} onCancel={onClose} onOk={() => onOk(to)} okButtonProps={{ disabled: to.length === 0, 'data-testid': 'copy-ok' } as ButtonProps} okText={t('planning.plan.copy')} cancelText={t('planning.cancel')}>
      <Typography.Paragraph type="secondary">{t('planning.plan.copyHelp')}</Typography.Paragraph>
      <Checkbox.Group
        value={to}
        onChange={(v) => setTo(v as Weekday[])}
        options={PLAN_WEEKDAYS.filter((d) => d !== from).map((d) => ({ value: d, label: dayLabel(d) }))}
        data-testid="copy-days"
      />
    </Modal>
  );
}
