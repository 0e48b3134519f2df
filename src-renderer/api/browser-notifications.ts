/**
 * Desktop notifications in browser mode, like the Electron shell's (same titles, halts stay
 * until clicked, a click brings the console forward). The browser asks the person for
 * permission once, on the first halt or promotion wait, never on load: a permission prompt
 * with nothing to notify about is one people learn to refuse.
 */
import type { ConsoleNotification } from '../../src-main/core/contract';
import {
  notificationTitle,
  notificationUrgent,
} from '../../src-main/core/words/notification-words';

/** What the notifier needs of the browser's Notification API (a fake in unit tests). */
export interface NotificationPort {
  permission(): NotificationPermission | 'unsupported';
  request(): Promise<NotificationPermission>;
  show(title: string, options: { body: string; requireInteraction: boolean; tag: string }): void;
}

/** Kinds worth a permission prompt: the person has to act on them. */
const asksPermission = new Set<ConsoleNotification['kind']>(['halt', 'waiting-promotion']);

/**
 * A handler for `onNotification` pushes that raises desktop notifications while `enabled()`
 * (the settings' switch). Pushes that arrive while the prompt is open are shown once granted.
 */
export function createBrowserNotifier(
  port: NotificationPort,
  enabled: () => boolean,
): (n: ConsoleNotification) => void {
  let asking: Promise<NotificationPermission> | null = null;
  const show = (n: ConsoleNotification) =>
    port.show(notificationTitle(n.kind), {
      body: n.text,
      requireInteraction: notificationUrgent(n.kind),
      tag: `ringside-${n.kind}-${n.text}`,
    });
  return (n) => {
    if (!enabled()) {
      return;
    }
    const permission = port.permission();
    if (permission === 'granted') {
      show(n);
    } else if (permission === 'default' && (asking !== null || asksPermission.has(n.kind))) {
      asking ??= port.request();
      void asking.then(
        (answer) => {
          if (answer === 'granted') {
            show(n);
          }
        },
        () => undefined,
      );
    }
  };
}

/** The real Notification API of this window, or 'unsupported' where it has none. */
export function windowNotificationPort(win: Window & typeof globalThis): NotificationPort {
  const api = 'Notification' in win ? win.Notification : null;
  return {
    permission: () => (api === null ? 'unsupported' : api.permission),
    request: () => (api === null ? Promise.resolve('denied') : api.requestPermission()),
    show: (title, options) => {
      if (api === null) {
        return;
      }
      const note = new api(title, options);
      note.onclick = () => {
        win.focus();
        note.close();
      };
    },
  };
}
