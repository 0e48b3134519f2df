/** Desktop notifications for halt, gate failure and waiting-for-promotion. */
import { Notification } from 'electron';
import type { RingsideApi, Unsubscribe } from '../core/contract';
import { notificationTitle, notificationUrgent } from '../core/words';

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
      title: notificationTitle(n.kind),
      body: n.text,
      urgency: notificationUrgent(n.kind) ? 'critical' : 'normal',
    });
    note.on('click', focus);
    note.show();
  });
}
