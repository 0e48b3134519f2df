/**
 * Passphrase requests from main waiting for the operator. A store of its own: a request is
 * transient UI state (answered or skipped within seconds), and the passphrase typed for it
 * never enters any store: it lives in the dialog's input until it is sent.
 */
import { create } from 'zustand';
import type { PassphraseRequest } from '../../src-main/core/contract';

export interface PassphraseState {
  /** Oldest first; the dialog shows the first. */
  readonly requests: readonly PassphraseRequest[];
}

export const usePassphraseStore = create<PassphraseState>(() => ({ requests: [] }));

/** Queues a request (a repeated id, e.g. after a reconnect, is ignored). */
export function addPassphraseRequest(r: PassphraseRequest): void {
  usePassphraseStore.setState((s) =>
    s.requests.some((q) => q.id === r.id) ? s : { requests: [...s.requests, r] },
  );
}

/** Drops a request once answered or skipped. */
export function removePassphraseRequest(id: string): void {
  usePassphraseStore.setState((s) => ({ requests: s.requests.filter((q) => q.id !== id) }));
}
