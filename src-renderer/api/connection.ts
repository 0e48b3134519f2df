import { useAppStore } from '../store/app-store';
import type { ConnectionStatus } from '../store/ui-slice';

/**
 * Files the transport's lifecycle state for the header indicator. Anything but an open
 * connection makes the snapshot stale until a new one arrives (see `snapshotFresh`).
 */
export function setConnection(connection: ConnectionStatus): void {
  useAppStore.setState(
    connection === 'connected' || connection === 'ipc'
      ? { connection }
      : { connection, snapshotFresh: false },
  );
}
