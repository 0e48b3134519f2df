import type { ActionId, ActionView } from '../../src-main/core/contract';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { useAppStore } from '../store/app-store';
import { ConfirmDialog, type ConfirmField } from './confirm-dialog';

interface ActionSpec {
  label: string;
  title: string;
  danger: boolean;
  fields: (action: ActionView) => ConfirmField[];
  send: (values: Record<string, string>) => Promise<unknown>;
}

const reason: ConfirmField = { name: 'reason', label: 'Reason (journaled)', required: true };

/** How each action is labelled, confirmed and sent; what is allowed comes from main. */
const specs: Record<ActionId, ActionSpec> = {
  start: {
    label: 'Start',
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
    label: 'Pause',
    title: 'Pause the rollout?',
    danger: false,
    fields: () => [reason],
    send: (v) => getApi().pause({ reason: v.reason ?? '' }),
  },
  resume: {
    label: 'Resume',
    title: 'Resume the rollout?',
    danger: false,
    fields: () => [],
    send: () => getApi().resume(),
  },
  promote: {
    label: 'Promote',
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
    label: 'Abort',
    title: 'Abort the rollout? Running steps stop; nothing is rolled back.',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().abort({ reason: v.reason ?? '' }),
  },
  halt: {
    label: 'Halt',
    title: 'Halt the current ring? No new host starts; nothing is rolled back.',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().halt({ reason: v.reason ?? '' }),
  },
  rollbackRing: {
    label: 'Roll back ring',
    title: 'Roll back the current ring?',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().rollback({ scope: 'ring', reason: v.reason ?? '' }),
  },
  rollbackAll: {
    label: 'Roll back all',
    title: 'Roll back every updated ring?',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().rollback({ scope: 'all', reason: v.reason ?? '' }),
  },
  emergencyRollback: {
    label: 'Emergency rollback',
    title: 'Emergency rollback: every ring at once, no bake?',
    danger: true,
    fields: () => [reason],
    send: (v) => getApi().rollback({ scope: 'all', emergency: true, reason: v.reason ?? '' }),
  },
};

/** The operator's buttons; disabled ones say why, each confirms before sending. */
export function ActionBar() {
  const actions = useAppStore((s) => s.snapshot?.actions);
  const confirming = useAppStore((s) => s.confirming);
  const busy = useAppStore((s) => s.busy);
  const stale = useAppStore((s) => !s.snapshotFresh);
  if (!actions) {
    return null;
  }
  const open = actions.find((a) => a.id === confirming);
  const spec = open ? specs[open.id] : null;
  return (
    <section className="panel" aria-label="Actions">
      {stale ? (
        <p className="why" role="status">
          Connection lost: actions come back once the current state has arrived.
        </p>
      ) : null}
      <div className="actions">
        {actions.map((a) => (
          <div className="action" key={a.id}>
            <button
              type="button"
              className={specs[a.id].danger ? 'danger' : a.id === 'promote' ? 'primary' : ''}
              disabled={!a.enabled || busy || stale}
              aria-describedby={a.why ? `why-${a.id}` : undefined}
              title={a.why ?? undefined}
              onClick={() => useAppStore.setState({ confirming: a.id })}
            >
              {specs[a.id].label}
              {a.requiresOverride ? ' (override)' : ''}
            </button>
            {a.why ? (
              <span className="why" id={`why-${a.id}`}>
                {a.why}
              </span>
            ) : null}
          </div>
        ))}
      </div>
      {open && spec ? (
        <ConfirmDialog
          title={spec.title}
          fields={spec.fields(open)}
          confirmLabel={spec.label}
          danger={spec.danger}
          onCancel={() => useAppStore.setState({ confirming: null })}
          onConfirm={(values) => {
            useAppStore.setState({ confirming: null });
            void runCommand(spec.label, () => spec.send(values));
          }}
        />
      ) : null}
    </section>
  );
}
