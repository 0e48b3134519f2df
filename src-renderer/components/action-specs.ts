/** How each operator action is confirmed and sent; what is allowed comes from main. */
import type { ActionId, ActionView } from '../../src-main/core/contract';
import { actionWords } from '../../src-main/core/words';
import { getApi } from '../api/client';
import type { ConfirmField } from './confirm-dialog';

export interface ActionSpec {
  label: string;
  title: string;
  danger: boolean;
  fields: (action: ActionView) => ConfirmField[];
  send: (values: Record<string, string>) => Promise<unknown>;
}

const reason: ConfirmField = { name: 'reason', label: 'Reason (journaled)', required: true };

export const specs: Record<ActionId, ActionSpec> = {
  start: {
    label: actionWords.start,
    title: 'Start the rollout?',
    danger: false,
    fields: () => [
      {
        name: 'release',
        label: 'Release (blank: the workspace release)',
        required: false,
        multiline: false,
      },
    ],
    send: (v) => getApi().start(v.release?.trim() ? { release: v.release.trim() } : {}),
  },
  pause: {
    label: actionWords.pause,
    title: 'Pause the rollout?',
    danger: false,
    fields: () => [reason],
    send: (v) => getApi().pause({ reason: v.reason ?? '' }),
  },
  resume: {
    label: actionWords.resume,
    title: 'Resume the rollout?',
    danger: false,
    fields: () => [],
    send: () => getApi().resume(),
  },
  promote: {
    label: actionWords.promote,
    title: 'Promote to the next ring?',
    danger: false,
    fields: (a) =>
      a.requiresOverride
        ? [{ name: 'override', label: 'Override reason: gates did not all pass', required: true }]
        : [{ name: 'note', label: 'Note', required: false }],
    send: (v) =>
      getApi().promote(
        v.override?.trim()
          ? { override: { reason: v.override } }
          : v.note?.trim()
            ? { note: v.note }
            : {},
      ),
  },
  abort: {
    label: actionWords.abort,
    title: 'Abort the rollout? Running steps stop; nothing is rolled back.',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().abort({ reason: v.reason ?? '' }),
  },
  halt: {
    label: actionWords.halt,
    title: 'Halt the current ring? No new host starts; nothing is rolled back.',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().halt({ reason: v.reason ?? '' }),
  },
  rollbackRing: {
    label: actionWords.rollbackRing,
    title: 'Roll back the current ring?',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().rollback({ scope: 'ring', reason: v.reason ?? '' }),
  },
  rollbackAll: {
    label: actionWords.rollbackAll,
    title: 'Roll back every updated ring?',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().rollback({ scope: 'all', reason: v.reason ?? '' }),
  },
  emergencyRollback: {
    label: actionWords.emergencyRollback,
    title: 'Emergency rollback: every ring at once, no bake?',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().rollback({ scope: 'all', emergency: true, reason: v.reason ?? '' }),
  },
};

/**
 * The look of an action's button: Promote is primary only when it can be clicked as is; a
 * promotion that needs an override is a destructive path, never the obvious one.
 */
export function buttonClass(a: ActionView, usable: boolean): string {
  if (a.id === 'promote') {
    return a.requiresOverride ? 'danger' : usable && a.enabled ? 'primary' : '';
  }
  return specs[a.id].danger ? 'danger' : '';
}

/** Disabled actions grouped by the reason they share, in bar order. */
export function reasonGroups(actions: readonly ActionView[]): { why: string; ids: ActionId[] }[] {
  const groups: { why: string; ids: ActionId[] }[] = [];
  for (const a of actions) {
    if (a.enabled || a.why === null) {
      continue;
    }
    const g = groups.find((x) => x.why === a.why);
    if (g) {
      g.ids.push(a.id);
    } else {
      groups.push({ why: a.why, ids: [a.id] });
    }
  }
  return groups;
}
