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
  subscribeAllPushes,
  type CallOutcome,
  type RingsideApi,
  type Unsubscribe,
} from '../core/contract';
import { isTrustedSender } from './navigation-policy';

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

/** Forwards every push of `api` to `contents` until it is destroyed. */
export function forwardPushes(api: RingsideApi, contents: WebContents): Unsubscribe {
  const stop = subscribeAllPushes(api, (name, payload) => {
    if (!contents.isDestroyed()) {
      contents.send(pushChannel(name), payload);
    }
  });
  contents.once('destroyed', stop);
  return stop;
}
