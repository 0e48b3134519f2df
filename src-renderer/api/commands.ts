/** Sends an operator command; a refusal from main becomes a toast in a person's words. */
import { personMessage } from '../../src-main/core/words';
import { showToast } from '../store/actions';
import { useAppStore } from '../store/app-store';

/** `what` names the action as the person knows it ("Promote", "Export"). */
export async function runCommand<T>(what: string, call: () => Promise<T>): Promise<T | null> {
  useAppStore.setState({ busy: true });
  try {
    return await call();
  } catch (e) {
    showToast('error', personMessage(what, e instanceof Error ? e.message : String(e)));
    return null;
  } finally {
    useAppStore.setState({ busy: false });
  }
}
