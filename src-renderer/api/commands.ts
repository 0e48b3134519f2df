/** Sends an operator command; a refusal from main becomes a toast with main's message. */
import { showToast } from '../store/actions';
import { useAppStore } from '../store/app-store';

export async function runCommand<T>(what: string, call: () => Promise<T>): Promise<T | null> {
  useAppStore.setState({ busy: true });
  try {
    return await call();
  } catch (e) {
    showToast('error', e instanceof Error ? e.message : `${what} failed: ${String(e)}`);
    return null;
  } finally {
    useAppStore.setState({ busy: false });
  }
}
