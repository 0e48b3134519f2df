/** Desktop notifications for halt, gate failure and waiting-for-promotion. */
import { Notification } from 'electron';
import type { ConsoleNotification, RingsideApi, Unsubscribe } from '../core/contract';

const titles: Record<ConsoleNotification['kind'], string> = {
  halt: 'Rollout halted',
  'gate-failed': 'Gate failed',
  'waiting-promotion': 'Waiting for promotion',
};

export function setupNotifications(
  api: RingsideApi,
  enabled: () => boolean,
  focus: () => void,
): Unsubscribe {
  return api.onNotification((n) => {
    if (!enabled() || !Notification.isSupported()) {
      return;
    }
    const note = new Notification({
      title: titles[n.kind],
      body: n.text,
      urgency: n.kind === 'waiting-promotion' ? 'normal' : 'critical',
    });
    note.on('click', focus);
    note.show();
  });
}
