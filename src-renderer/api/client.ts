/**
 * The renderer's one API object, chosen at startup: the preload's `window.ringside` in
 * Electron, else the WebSocket bridge of browser mode. Both are the contract's RingsideApi.
 */
import { createRemoteApi, type RingsideApi } from '../../src-main/core/contract';
import { setConnection } from './connection';
import { bridgeUrlFor, createWsTransport } from './ws-transport';

let current: RingsideApi | null = null;

/** The API in use; throws only if called before `chooseApi`/`setApi` (a bug). */
export function getApi(): RingsideApi {
  if (!current) {
    throw new Error('renderer: API used before it was chosen');
  }
  return current;
}

/** Installs an API (tests pass the contract's fixture API). */
export function setApi(api: RingsideApi): void {
  current = api;
}

/** Picks the transport for this window; null when neither is available. */
export function chooseApi(win: Window): RingsideApi | null {
  if (win.ringside) {
    setConnection('ipc');
    current = win.ringside;
    return current;
  }
  const url = bridgeUrlFor(win.location);
  if (url === null) {
    return null;
  }
  current = createRemoteApi(createWsTransport(url, setConnection), {
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
  });
  return current;
}
