import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { ShellStrings } from './strings';

export interface MenuActions {
  openStage(): void;
}

/** The application menu: the usual roles, labelled in the user's language. */
export function installMenu(strings: ShellStrings, actions: MenuActions): void {
  const m = strings.menu;
  const isMac = process.platform === 'darwin';

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: m.app,
      submenu: [
        { role: 'about', label: m.about },
        { type: 'separator' },
        { role: 'services', label: m.services },
        { type: 'separator' },
        { role: 'hide', label: m.hide },
        { role: 'hideOthers', label: m.hideOthers },
        { role: 'unhide', label: m.unhide },
        { type: 'separator' },
        { role: 'quit', label: m.quit },
      ],
    });
  }
  template.push(
    {
      label: m.file,
      submenu: [
        { label: m.openStage, accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.openStage() },
        { type: 'separator' },
        isMac ? { role: 'close', label: m.close } : { role: 'quit', label: m.quit },
      ],
    },
    {
      label: m.edit,
      submenu: [
        { role: 'undo', label: m.undo },
        { role: 'redo', label: m.redo },
        { type: 'separator' },
        { role: 'cut', label: m.cut },
        { role: 'copy', label: m.copy },
        { role: 'paste', label: m.paste },
        ...(isMac ? [{ role: 'pasteAndMatchStyle', label: m.pasteAndMatchStyle } as const] : []),
        { role: 'delete', label: m.delete },
        { type: 'separator' },
        { role: 'selectAll', label: m.selectAll },
      ],
    },
    {
      label: m.view,
      submenu: [
        { role: 'reload', label: m.reload },
        { role: 'forceReload', label: m.forceReload },
        { role: 'toggleDevTools', label: m.toggleDevTools },
        { type: 'separator' },
        { role: 'resetZoom', label: m.resetZoom },
        { role: 'zoomIn', label: m.zoomIn },
        { role: 'zoomOut', label: m.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: m.toggleFullScreen },
      ],
    },
    {
      label: m.window,
      submenu: isMac
        ? [
            { role: 'minimize', label: m.minimize },
            { role: 'zoom', label: m.zoom },
            { type: 'separator' },
            { role: 'front', label: m.front },
          ]
        : [
            { role: 'minimize', label: m.minimize },
            { role: 'close', label: m.close },
          ],
    },
    {
      role: 'help',
      label: m.help,
      submenu: [{ label: m.about, click: () => app.showAboutPanel() }],
    },
  );

  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
