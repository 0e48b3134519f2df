import { dismissAllToasts, dismissToast } from '../store/actions';
import { useAppStore } from '../store/app-store';

/** Toasts shown at once; the rest hide behind "+N more" so the tray stays one row. */
export const TOASTS_SHOWN = 3;

/**
 * The toast tray: a row of its own under the view (in the page flow, never over it), so a
 * burst of notices cannot cover the action buttons. Newest toasts last.
 */
export function ToastTray() {
  const toasts = useAppStore((s) => s.toasts);
  const expanded = useAppStore((s) => s.toastsExpanded);
  const hidden = expanded ? 0 : Math.max(0, toasts.length - TOASTS_SHOWN);
  const shown = toasts.slice(hidden);
  return (
    <div
      className={`toasts${toasts.length > 0 ? ' has-toasts' : ''}${expanded ? ' expanded' : ''}`}
      aria-live="polite"
      aria-label="Notifications"
      role="region"
    >
      {hidden > 0 ? (
        <button
          type="button"
          className="toast-more"
          aria-expanded={false}
          onClick={() => useAppStore.setState({ toastsExpanded: true })}
        >
          +{hidden} more
        </button>
      ) : null}
      {shown.map((t) => {
        const collapsed = t.collapsed && !expanded;
        return (
          <div
            key={t.id}
            className={`toast ${t.kind}${collapsed ? ' collapsed' : ''}`}
            role={t.kind === 'error' ? 'alert' : 'status'}
            title={collapsed ? t.text : undefined}
          >
            <span className="toast-text">{t.text}</span>
            <button
              type="button"
              aria-label={`Dismiss: ${t.text}`}
              onClick={() => dismissToast(t.id)}
            >
              ×
            </button>
          </div>
        );
      })}
      {expanded || toasts.length > 1 ? (
        <span className="toast-tools">
          {expanded ? (
            <button
              type="button"
              aria-expanded={true}
              onClick={() => useAppStore.setState({ toastsExpanded: false })}
            >
              Show fewer
            </button>
          ) : null}
          {toasts.length > 1 ? (
            <button type="button" onClick={dismissAllToasts}>
              Dismiss all
            </button>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
