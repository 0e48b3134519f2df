/**
 * Sandboxed preload: exposes the contract-derived API as `window.ringside`. Only names and
 * channels come from the contract here (no zod: a sandboxed preload can require only
 * electron); main validates every payload.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { methodChannel, pushChannel, type MethodName, type PushName } from '../core/contract/names';
import { createRemoteApi } from '../core/contract/remote-api';
import type { CallOutcome } from '../core/contract/dispatch';

const api = createRemoteApi(
  {
    call: async (method, params) =>
      (await ipcRenderer.invoke(methodChannel(method as MethodName), params)) as CallOutcome,
    subscribe: (name: PushName, listener) => {
      // Never hand the IpcRendererEvent to the page: it exposes `sender`.
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(pushChannel(name), wrapped);
      return () => {
        ipcRenderer.removeListener(pushChannel(name), wrapped);
      };
    },
  },
  // Operator commands are stamped when the person acts (id, deadline: core/commands).
  { now: () => Date.now(), newId: () => crypto.randomUUID() },
);

contextBridge.exposeInMainWorld('ringside', api);

/** The type of `window.ringside` (src-renderer/api/window.d.ts uses it). */
export type PreloadApi = typeof api;
