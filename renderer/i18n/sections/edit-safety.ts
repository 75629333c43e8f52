import type { Widen } from '../messages';

/** Studio strings: drafts kept while editing, and undo after deleting. Keys must match between the two languages (tests/unit/i18n.test.ts). */
export const editSafetyZh = {
  restoreTitle: '有一份 {{time}} 未保存的草稿，要恢复吗？',
  restoreHint: '上次编辑时窗口被关闭或刷新，修改没有保存。恢复后请记得点“保存”。',
  restore: '恢复草稿',
  discardDraft: '丢弃草稿',
  draftRestored: '已恢复草稿，检查后点“保存”。',
  closeTitle: '有未保存的修改',
  closeBody: '关闭前要保存这些修改吗？',
  keepEditing: '继续编辑',
  discardChanges: '放弃修改',
  saveAndClose: '保存并关闭',
  unsaved: '未保存',
  productDeleted: '已删除商品“{{name}}”，它的 {{count}} 条话术已转为通用话术。',
  scriptDeleted: '已删除话术“{{title}}”。',
  undo: '撤销',
  undone: '已撤销删除',
  undoFailed: '没能撤销：{{message}}',
  undoHint: '{{seconds}} 秒内可撤销（或按 {{keys}}）',
};

export const editSafetyEn: Widen<typeof editSafetyZh> = {
  restoreTitle: 'Restore the unsaved draft from {{time}}?',
  restoreHint: 'The window was closed or reloaded while you were editing, before you saved. After restoring, remember to click “Save”.',
  restore: 'Restore draft',
  discardDraft: 'Discard draft',
  draftRestored: 'Draft restored: check it and click “Save”.',
  closeTitle: 'Unsaved changes',
  closeBody: 'Save your changes before closing?',
  keepEditing: 'Keep editing',
  discardChanges: 'Discard changes',
  saveAndClose: 'Save and close',
  unsaved: 'Unsaved',
  productDeleted: 'Deleted product “{{name}}”; its {{count}} scripts are now general scripts.',
  scriptDeleted: 'Deleted script “{{title}}”.',
  undo: 'Undo',
  undone: 'Deletion undone',
  undoFailed: 'Could not undo: {{message}}',
  undoHint: 'You can undo this for {{seconds}} s (or press {{keys}})',
};
