// `window.ringside` is the preload's transport (src-main/electron/preload.ts): the contract's
// ApiTransport — one call and one subscription over IPC, restricted to the contract's names.
// The renderer builds the RingsideApi over it (api/client.ts). Absent in browser mode.
import type { ApiTransport } from '../../src-main/core/contract/remote-api';

declare global {
  interface Window {
    ringside?: ApiTransport;
  }
}
