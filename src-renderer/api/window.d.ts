// The type of `window.ringside` is the contract's derived RingsideApi (the preload's
// `typeof api` is exactly that type), never a hand-written copy. Absent in browser mode.
import type { RingsideApi } from '../../src-main/core/contract/api';

declare global {
  interface Window {
    ringside?: RingsideApi;
  }
}
