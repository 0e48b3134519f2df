/**
 * Opening a plan file in the desktop shell: the person picks it in Electron's own open
 * dialog (File → Open Plan…), and only the path the dialog returns is admitted by the
 * facade's allow-list (`allowPlan`) before it is opened. The renderer never names the file:
 * a path it makes up meets `openWorkspace`'s allow-list and is refused.
 */
import type { RingsideApp } from '../app';
import type { ConsoleSnapshot } from '../core/contract';

/** What Electron's `dialog.showOpenDialog` answers. */
export interface DialogAnswer {
  readonly canceled: boolean;
  readonly filePaths: readonly string[];
}

/** The dialog's options: one existing file, YAML first. */
export const PLAN_DIALOG_OPTIONS = {
  title: 'Open a rollout plan',
  buttonLabel: 'Open plan',
  properties: ['openFile' as const],
  filters: [
    { name: 'Ringside plans', extensions: ['yaml', 'yml'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

/**
 * Shows the dialog and opens what the person picked: the picked path (and nothing else) is
 * allowed, then opened. Null when the dialog was cancelled; rejects with the plan's
 * problems when the file is not a valid plan (the caller shows them).
 */
export async function openPlanFromDialog(
  show: () => Promise<DialogAnswer>,
  app: Pick<RingsideApp, 'allowPlan' | 'openWorkspace'>,
): Promise<ConsoleSnapshot | null> {
  const answer = await show();
  const picked = answer.filePaths[0];
  if (answer.canceled || picked === undefined) {
    return null;
  }
  app.allowPlan(picked);
  return app.openWorkspace({ planPath: picked });
}
