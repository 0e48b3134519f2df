/**
 * Main-side IPC: one handler per contract method, each checking the sender frame and
 * validating the payload through the contract dispatcher; pushes forwarded to the window.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  dispatchCall,
  methodChannel,
  methodNames,
  pushChannel,
  snapshotEncoder,
  subscribeAllPushes,
  type CallOutcome,
  type ConsoleSnapshot,
  type RingsideApi,
  type Unsubscribe,
} from '../core/contract';
import { isTrustedSender } from './navigation-policy';

/** What pushes are sent to: the window's WebContents (its part the forwarder uses). */
export type PushTarget = Pick<WebContents, 'send' | 'isDestroyed' | 'once'>;

/** Registers every method handler; returns a function that removes them. */
export function setupIpc(
  ipcMain: IpcMain,
  api: RingsideApi,
  rendererIndexUrl: string,
): Unsubscribe {
  for (const method of methodNames) {
    ipcMain.handle(
      methodChannel(method),
      async (event: IpcMainInvokeEvent, params: unknown): Promise<CallOutcome> => {
        const frame = event.senderFrame;
        const trusted = isTrustedSender(
          { frameUrl: frame?.url, isMainFrame: frame !== null && frame.parent === null },
          rendererIndexUrl,
        );
        if (!trusted) {
          return { ok: false, error: `${method}: refused: caller is not the Ringside window` };
        }
        return dispatchCall(api, method, params);
      },
    );
  }
  return () => {
    for (const method of methodNames) {
      ipcMain.removeHandler(methodChannel(method));
    }
  };
}

/**
 * Forwards every push of `api` to `contents` until it is destroyed; snapshots as patches
 * against the last one sent (the renderer rebuilds them: core/contract withSnapshotPatches).
 */
export function forwardPushes(api: RingsideApi, contents: PushTarget): Unsubscribe {
  const snapshots = snapshotEncoder();
  const stop = subscribeAllPushes(api, (name, payload) => {
    if (contents.isDestroyed()) {
      return;
    }
    if (name === 'onSnapshot') {
      const snapshot = payload as ConsoleSnapshot;
      contents.send(pushChannel(name), snapshots.encode(snapshot));
      snapshots.delivered(snapshot);
      return;
    }
    contents.send(pushChannel(name), payload);
  });
  contents.once('destroyed', stop);
  return stop;
}
