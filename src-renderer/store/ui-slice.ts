import type { StateCreator } from 'zustand';
import type { AppStore } from './app-store';
import type { ColourBy } from '../components/fleet-colours';
import type { GroupBy } from '../components/fleet-groups';

export const viewIds = [
  'fleet',
  'rollout',
  'telemetry',
  'timeline',
  'logs',
  'connections',
  'history',
] as const;
export type ViewId = (typeof viewIds)[number];

/** Transport state: IPC is always up; the WebSocket has a lifecycle. */
export type ConnectionStatus = 'ipc' | 'connecting' | 'connected' | 'backingOff' | 'gaveUp';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
  /** Stays until dismissed (halts, failed gates): the operator must have seen it. */
  sticky: boolean;
  /** A sticky toast shrinks to one line once read time has passed, so it stops crowding. */
  collapsed: boolean;
  /** The rollout shown when it appeared (`rolloutKey`): it leaves when another one starts. */
  rollout: string | null;
}

export interface UiSlice {
  view: ViewId;
  theme: 'light' | 'dark';
  selectedHost: string | null;
  connection: ConnectionStatus;
  /**
   * The snapshot came over the connection that is up now. False from a connection loss until
   * the next snapshot: a page that missed pushes must not offer actions on what it shows.
   */
  snapshotFresh: boolean;
  toasts: Toast[];
  /** The toast tray lists every toast, not only the newest few. */
  toastsExpanded: boolean;
  /** The operator asked to change their name (the first-run question, asked again). */
  editingOperator: boolean;
  /** The fleet view's grouping, colouring and search, kept across tab changes. */
  fleet: { groupBy: GroupBy; colourBy: ColourBy; query: string };
}

export const createUiSlice: StateCreator<AppStore, [], [], UiSlice> = () => ({
  view: 'rollout',
  theme: 'light',
  selectedHost: null,
  connection: 'connecting',
  snapshotFresh: false,
  toasts: [],
  toastsExpanded: false,
  editingOperator: false,
  fleet: { groupBy: 'domain', colourBy: 'version', query: '' },
});
