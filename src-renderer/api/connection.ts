import { useAppStore } from '../store/app-store';
import type { ConnectionStatus } from '../store/ui-slice';

/** Files the transport's lifecycle state for the header indicator. */
export function setConnection(connection: ConnectionStatus): void {
  useAppStore.setState({ connection });
}
