/**
 * Sandboxed preload: exposes the contract's transport as `window.ringside` — one call and one
 * subscription, each restricted to the contract's method and push names (no zod: a sandboxed
 * preload can require only electron; main validates every payload). The renderer builds the
 * RingsideApi over it, so snapshot patches cross the bridge and whole snapshots are rebuilt
 * in the page (contextBridge copies every object it passes: a whole 50,000-host snapshot a
 * second would be copied a second time here).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  methodChannel,
  methodNames,
  pushChannel,
  pushNames,
  type MethodName,
  type PushName,
} from '../core/contract/names';
import type { CallOutcome } from '../core/contract/dispatch';
import type { ApiTransport } from '../core/contract/remote-api';

const methods = new Set<string>(methodNames);
const pushes = new Set<string>(pushNames);

const transport: ApiTransport = {
  call: async (method, params) => {
    if (!methods.has(method)) {
      return { ok: false, error: `unknown method: ${String(method).slice(0, 80)}` };
    }
    return (await ipcRenderer.invoke(methodChannel(method as MethodName), params)) as CallOutcome;
  },
  subscribe: (name: PushName, listener) => {
    if (!pushes.has(name)) {
      throw new Error(`unknown push: ${String(name).slice(0, 80)}`);
    }
    // Never hand the IpcRendererEvent to the page: it exposes `sender`.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(pushChannel(name), wrapped);
    return () => {
      ipcRenderer.removeListener(pushChannel(name), wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('ringside', transport);
