/**
 * Toasts: short notices from main (halts, gate failures, rings waiting for promotion) and
 * refusals of the operator's commands. Ordinary toasts leave on their own; sticky ones
 * (halts, failed gates) stay until dismissed but shrink to one line, so a burst of them
 * never buries the console.
 */
import { useAppStore } from './app-store';
import { rolloutKey } from './series-merge';
import type { Toast } from './ui-slice';

/** How long a toast is shown in full: long enough to read two lines twice. */
export const TOAST_READ_MS = 8_000;
/** Kept in the store at most; older ones are dropped (they were seen or are stale). */
const MAX_KEPT = 20;

let lastId = 0;

/** Shows a toast; returns its id. `sticky` toasts stay until the operator dismisses them. */
export function showToast(
  kind: Toast['kind'],
  text: string,
  options: { sticky?: boolean } = {},
): number {
  lastId += 1;
  const id = lastId;
  const sticky = options.sticky ?? false;
  useAppStore.setState((s) => ({
    toasts: [
      ...s.toasts,
      { id, kind, text, sticky, collapsed: false, rollout: rolloutKey(s.snapshot) },
    ].slice(-MAX_KEPT),
  }));
  setTimeout(() => (sticky ? collapseToast(id) : dismissToast(id)), TOAST_READ_MS);
  return id;
}

/** Removes one toast (a no-op when it is already gone). */
export function dismissToast(id: number): void {
  useAppStore.setState((s) => {
    const toasts = s.toasts.filter((t) => t.id !== id);
    return toasts.length === s.toasts.length
      ? {}
      : { toasts, toastsExpanded: s.toastsExpanded && toasts.length > 0 };
  });
}

/** Removes every toast. */
export function dismissAllToasts(): void {
  useAppStore.setState({ toasts: [], toastsExpanded: false });
}

function collapseToast(id: number): void {
  useAppStore.setState((s) =>
    s.toasts.some((t) => t.id === id)
      ? { toasts: s.toasts.map((t) => (t.id === id ? { ...t, collapsed: true } : t)) }
      : {},
  );
}
