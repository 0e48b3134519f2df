import type { StateCreator } from 'zustand';
import type { AppStore } from './app-store';

export const viewIds = [
  'fleet',
  'rollout',
  'telemetry',
  'timeline',
  'logs',
  'connections',
] as const;
export type ViewId = (typeof viewIds)[number];

/** Transport state: IPC is always up; the WebSocket has a lifecycle. */
export type ConnectionStatus = 'ipc' | 'connecting' | 'connected' | 'backingOff' | 'gaveUp';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface UiSlice {
  view: ViewId;
  theme: 'light' | 'dark';
  selectedHost: string | null;
  connection: ConnectionStatus;
  toasts: Toast[];
}

export const createUiSlice: StateCreator<AppStore, [], [], UiSlice> = () => ({
  view: 'rollout',
  theme: 'light',
  selectedHost: null,
  connection: 'connecting',
  toasts: [],
});
