import { useState } from 'react';
import type { ActionView, GateView, RingView } from '../../src-main/core/contract';
import { gateOutcomeWords, ringStatusWords } from '../../src-main/core/words';
import { runCommand } from '../api/commands';
import { useAppStore } from '../store/app-store';
import { specs } from './action-specs';
import { ConfirmDialog } from './confirm-dialog';
import { formatAge, formatClock, formatDuration } from './format';
import { useNow } from './use-now';

function bakeLine(ring: RingView, now: number): string {
  if (ring.bake && now < ring.bake.endsAt) {
    return `Baking: ${formatDuration(ring.bake.endsAt - now)} left of ${formatDuration(ring.bake.endsAt - ring.bake.startedAt)}.`;
  }
  if (ring.bake) {
    return 'Bake time is over; the gates give their final verdict.';
  }
  return ring.status === 'waitingPromotion'
    ? 'Bake complete.'
    : `Ring is ${ringStatusWords[ring.status]}.`;
}

function samples(g: GateView): string {
  const c = g.evidence.comparison;
  if (!c || (c.ringSamples === null && c.baselineSamples === null)) {
    return '—';
  }
  return `${c.ringSamples ?? '—'} / ${c.baselineSamples ?? '—'}`;
}

/** The evidence of every gate of a ring side by side: ring vs baseline, samples, verdict. */
export function GateTable(props: {
  gates: readonly GateView[];
  caption: string;
  /** The gate whose badge was opened, highlighted. */
  selected?: string;
  /** With `now`, each row also says what the gate found and how old that reading is. */
  now?: number;
}) {
  const detail = props.now !== undefined;
  return (
    <table className="gate-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">gate</th>
          <th scope="col">ring</th>
          <th scope="col">baseline</th>
          <th scope="col">samples (ring / baseline)</th>
          <th scope="col">verdict</th>
          <th scope="col">confidence</th>
          {detail ? <th scope="col">evaluated</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.gates.map((g) => {
          const c = g.evidence.comparison;
          return (
            <tr
              key={`${g.platform ? 'p' : 'r'}-${g.name}`}
              className={props.selected === g.name ? 'selected' : undefined}
            >
              <th scope="row">
                {g.platform ? 'platform · ' : ''}
                {g.name}
                {c?.metric ? <div className="muted">{c.metric}</div> : null}
                {detail ? <div className="gate-says">{g.evidence.summary}</div> : null}
              </th>
              <td>{c?.ring ?? '—'}</td>
              <td>{c?.baseline ?? '—'}</td>
              <td>{samples(g)}</td>
              <td>
                <span className={`pill ${g.outcome}`}>{gateOutcomeWords[g.outcome]}</span>
              </td>
              <td>{c?.confidence ?? '—'}</td>
              {detail ? (
                <td>
                  {g.evidence.evaluatedAt === null ? (
                    'not yet'
                  ) : (
                    <time
                      dateTime={new Date(g.evidence.evaluatedAt).toISOString()}
                      title={formatClock(g.evidence.evaluatedAt)}
                    >
                      {formatAge((props.now ?? 0) - g.evidence.evaluatedAt)}
                    </time>
                  )}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * Promote with the evidence in front of the person deciding: the ring's bake and every gate,
 * ring against baseline. A promotion past gates that did not all pass is an override: a
 * destructive-styled confirm that needs a written reason.
 */
export function PromoteDialog(props: { action: ActionView; onClose: () => void }) {
  const active = useAppStore((s) => s.snapshot?.rollout.activeRing);
  const ring = useAppStore((s) => s.snapshot?.rings.find((r) => r.name === active));
  const now = useNow();
  const spec = specs.promote;
  // The dialog keeps the form it opened with while the person reads and types: gates that
  // pass meanwhile make the core record a plain promotion; gates that fail make it refuse.
  const [action] = useState(props.action);
  const override = action.requiresOverride;
  return (
    <ConfirmDialog
      title={ring ? `Promote ring ${ring.name}?` : spec.title}
      fields={spec.fields(action)}
      confirmLabel={override ? 'Promote with override' : 'Promote'}
      danger={override}
      onCancel={props.onClose}
      onConfirm={(values) => {
        props.onClose();
        void runCommand('Promote', () => spec.send(values));
      }}
    >
      {ring ? (
        <>
          <p aria-label="Bake">{bakeLine(ring, now)}</p>
          {override ? (
            <p className="why" role="note">
              Not every gate passed ({action.why}): promoting is an override, journaled with your
              reason and marked on the ring, the timeline and every export.
            </p>
          ) : null}
          <GateTable gates={ring.gates} caption={`Gates of ${ring.name}`} />
        </>
      ) : null}
    </ConfirmDialog>
  );
}
