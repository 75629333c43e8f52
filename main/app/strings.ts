import type { Locale } from '../../shared/domain';

/** The few texts the Electron shell shows itself (dialogs, menu), in the product's two languages. */
export interface ShellStrings {
  startFailedTitle: string;
  startFailed(dataDir: string, reason: string): string;
  badDataDir(reason: string): string;
  rendererFailedTitle: string;
  rendererFailed(page: string, reason: string): string;
  recoveredTitle: string;
  recoveredMessage: string;
  recoveredDetail(backupPath: string, reason: string): string;
  quitOnAirTitle: string;
  quitOnAirMessage: string;
  quitOnAirDetail: string;
  quitOnAirConfirm: string;
  cancel: string;
  ok: string;
  menu: {
    app: string;
    about: string;
    services: string;
    hide: string;
    hideOthers: string;
    unhide: string;
    quit: string;
    file: string;
    openStage: string;
    close: string;
    edit: string;
    undo: string;
    redo: string;
    cut: string;
    copy: string;
    paste: string;
    pasteAndMatchStyle: string;
    delete: string;
    selectAll: string;
    view: string;
    reload: string;
    forceReload: string;
    toggleDevTools: string;
    resetZoom: string;
    zoomIn: string;
    zoomOut: string;
    toggleFullScreen: string;
    window: string;
    minimize: string;
    zoom: string;
    front: string;
    help: string;
  };
}

const en: ShellStrings = {
  startFailedTitle: 'StageHost could not start',
  startFailed: (dataDir, reason) =>
    `StageHost could not open its data folder:\n${dataDir}\n\n${reason}\n\n` +
    'Check that the folder exists, is not read-only and that the disk is not full. ' +
    'You can choose another folder with --data-dir <folder> or the STAGEHOST_DATA_DIR environment variable.',
  badDataDir: (reason) =>
    `The data folder given with --data-dir or STAGEHOST_DATA_DIR cannot be used:\n${reason}`,
  rendererFailedTitle: 'StageHost could not load a window',
  rendererFailed: (page, reason) =>
    `The ${page} window could not be loaded:\n${reason}\n\nThe installation may be damaged; please reinstall StageHost.`,
  recoveredTitle: 'Library recovered',
  recoveredMessage: 'Your library file was damaged, so StageHost started a fresh library.',
  recoveredDetail: (backupPath, reason) =>
    `The damaged file was kept as a backup:\n${backupPath}\n\nReason: ${reason}\n\n` +
    'Keep this backup if you want to ask for help recovering your products and scripts.',
  quitOnAirTitle: 'You are on air',
  quitOnAirMessage: 'Closing StageHost ends the live stream.',
  quitOnAirDetail: 'The digital host stops speaking and the stage window closes.',
  quitOnAirConfirm: 'End stream and quit',
  cancel: 'Cancel',
  ok: 'OK',
  menu: {
    app: 'StageHost',
    about: 'About StageHost',
    services: 'Services',
    hide: 'Hide StageHost',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: 'Quit StageHost',
    file: 'File',
    openStage: 'Open Stage Window',
    close: 'Close Window',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    toggleFullScreen: 'Toggle Full Screen',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    help: 'Help',
  },
};

const zh: ShellStrings = {
  startFailedTitle: 'StageHost 无法启动',
  startFailed: (dataDir, reason) =>
    `StageHost 无法打开数据文件夹：\n${dataDir}\n\n${reason}\n\n` +
    '请确认该文件夹存在、不是只读，并且磁盘空间充足。' +
    '也可以用 --data-dir <文件夹> 参数或 STAGEHOST_DATA_DIR 环境变量指定其他文件夹。',
  badDataDir: (reason) => `通过 --data-dir 或 STAGEHOST_DATA_DIR 指定的数据文件夹无法使用：\n${reason}`,
  rendererFailedTitle: 'StageHost 无法加载窗口',
  rendererFailed: (page, reason) => `无法加载${page === 'stage' ? '舞台' : '工作台'}窗口：\n${reason}\n\n安装文件可能已损坏，请重新安装 StageHost。`,
  recoveredTitle: '素材库已恢复',
  recoveredMessage: '素材库文件已损坏，StageHost 已新建了一个空的素材库。',
  recoveredDetail: (backupPath, reason) =>
    `损坏的文件已保留为备份：\n${backupPath}\n\n原因：${reason}\n\n如需找回商品和话术，请保留此备份并联系支持人员。`,
  quitOnAirTitle: '正在直播',
  quitOnAirMessage: '关闭 StageHost 将结束本场直播。',
  quitOnAirDetail: '数字人会停止讲解，舞台窗口也会关闭。',
  quitOnAirConfirm: '结束直播并退出',
  cancel: '取消',
  ok: '确定',
  menu: {
    app: 'StageHost',
    about: '关于 StageHost',
    services: '服务',
    hide: '隐藏 StageHost',
    hideOthers: '隐藏其他',
    unhide: '全部显示',
    quit: '退出 StageHost',
    file: '文件',
    openStage: '打开舞台窗口',
    close: '关闭窗口',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    pasteAndMatchStyle: '粘贴并匹配样式',
    delete: '删除',
    selectAll: '全选',
    view: '视图',
    reload: '重新加载',
    forceReload: '强制重新加载',
    toggleDevTools: '开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    toggleFullScreen: '切换全屏',
    window: '窗口',
    minimize: '最小化',
    zoom: '缩放',
    front: '前置全部窗口',
    help: '帮助',
  },
};

export function shellStrings(locale: Locale): ShellStrings {
  return locale === 'zh-CN' ? zh : en;
}

