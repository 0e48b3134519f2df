/**
 * The renderer's one API object, chosen at startup over the preload's `window.ringside`
 * transport in Electron, else the WebSocket bridge of browser mode: the contract's
 * RingsideApi either way, with snapshots rebuilt here from patches (core/contract).
 */
import {
  createRemoteApi,
  withSnapshotPatches,
  type ApiTransport,
  type RingsideApi,
} from '../../src-main/core/contract';
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
  let transport: ApiTransport;
  if (win.ringside) {
    setConnection('ipc');
    transport = win.ringside;
  } else {
    const url = bridgeUrlFor(win.location);
    if (url === null) {
      return null;
    }
    transport = createWsTransport(url, setConnection);
  }
  // Operator commands are stamped here, when the person acts (id, deadline: core/commands).
  current = createRemoteApi(
    withSnapshotPatches(transport, (line) => console.warn(line)),
    { now: () => Date.now(), newId: () => crypto.randomUUID() },
  );
  return current;
}
