import type { ReactNode } from 'react';
import { useAppStore } from '../store/app-store';
import { refreshAll } from '../api/connect-store';
import { getApi } from '../api/client';

/** A centred message for loading / empty / error states. */
export function StateMessage(props: { kind?: 'error' | 'info'; children: ReactNode }) {
  return (
    <div
      className={`state-message ${props.kind ?? 'info'}`}
      role={props.kind === 'error' ? 'alert' : 'status'}
    >
      {props.children}
    </div>
  );
}

/**
 * Renders `children` only once a snapshot is loaded; otherwise the loading or error state.
 * Views decide their own empty state (no workspace, no data yet).
 */
export function WhenLoaded(props: { children: ReactNode }) {
  const load = useAppStore((s) => s.load);
  switch (load.kind) {
    case 'loading':
      return <StateMessage>Connecting to Ringside…</StateMessage>;
    case 'error':
      return (
        <StateMessage kind="error">
          <p>Could not load the console state: {load.message}</p>
          <button type="button" onClick={() => void refreshAll(getApi())}>
            Retry
          </button>
        </StateMessage>
      );
    case 'ready':
      return <>{props.children}</>;
    default: {
      const never: never = load;
      return never;
    }
  }
}
