/**
 * Application menu with keyboard shortcuts; view and theme items become `onMenuCommand`
 * pushes. File → Open Plan… runs in main (Electron's dialog), never in the renderer.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../core/contract';

export function setupMenu(
  send: (command: MenuCommand['command']) => void,
  openPlan: () => void,
): void {
  const view = (label: string, key: string, command: MenuCommand['command']) => ({
    label,
    accelerator: `CmdOrCtrl+${key}`,
    click: () => send(command),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Plan…', accelerator: 'CmdOrCtrl+O', click: () => openPlan() },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        view('Fleet', '1', 'view:fleet'),
        view('Rollout', '2', 'view:rollout'),
        view('Telemetry', '3', 'view:telemetry'),
        view('Timeline', '4', 'view:timeline'),
        view('Logs', '5', 'view:logs'),
        view('Connections', '6', 'view:connections'),
        { type: 'separator' },
        {
          label: 'Toggle Theme',
          accelerator: 'CmdOrCtrl+Shift+L',
          click: () => send('theme:toggle'),
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
