/** The titles of desktop notifications, the same in Electron and in a browser tab. */
import type { ConsoleNotification } from '../contract/pushes';

const titles: Record<ConsoleNotification['kind'], string> = {
  halt: 'Rollout halted',
  'gate-failed': 'Gate failed',
  'waiting-promotion': 'Waiting for promotion',
};

/** A notification's title: what happened, in the console's words. */
export function notificationTitle(kind: ConsoleNotification['kind']): string {
  return titles[kind];
}
