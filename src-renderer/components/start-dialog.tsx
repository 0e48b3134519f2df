import { useState } from 'react';
import type { KnownRelease } from '../../src-main/core/contract';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { useAppStore } from '../store/app-store';
import { ConfirmDialog } from './confirm-dialog';
import { formatClock } from './format';

const OTHER = '\u0000other';

function origin(r: KnownRelease): string {
  const from =
    r.from === 'plan'
      ? 'the plan’s release'
      : r.from === 'workspace'
        ? 'offered by the workspace'
        : 'rolled out before';
  return r.last
    ? `${from} · last rollout ${r.last.outcome}, started ${formatClock(r.last.at)}`
    : from;
}

/**
 * Start: pick one of the releases the workspace knows; a version typed by hand hides behind
 * "other version…" and, when the workspace has never seen it, needs one more explicit tick.
 * The confirmation names the version, the one it replaces, and the first ring with its hosts.
 */
export function StartDialog(props: { onClose: () => void }) {
  const workspace = useAppStore((s) => s.snapshot?.workspace);
  const firstRing = useAppStore((s) => s.snapshot?.rings[0]);
  const [choice, setChoice] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [unknownOk, setUnknownOk] = useState(false);
  if (!workspace) {
    return null;
  }
  const known = workspace.releases ?? [
    { version: workspace.release.version, from: 'plan' as const, last: null },
  ];
  const version = choice === OTHER ? typed.trim() : choice;
  const isKnown = version !== null && known.some((r) => r.version === version);
  const needsAck = version !== null && version !== '' && !isKnown;
  const previous = workspace.running ?? workspace.release.previous;
  const hosts = firstRing?.domains.flatMap((d) => d.hosts) ?? [];
  return (
    <ConfirmDialog
      title="Start a rollout"
      fields={[]}
      confirmLabel={version ? `Start ${version}` : 'Start'}
      blocked={!version || (needsAck && !unknownOk)}
      onCancel={props.onClose}
      onConfirm={() => {
        props.onClose();
        if (version) {
          void runCommand('Start', () => getApi().start({ release: version }));
        }
      }}
    >
      <fieldset className="release-picker">
        <legend>Release to deploy</legend>
        {known.map((r) => (
          <label key={r.version} className="release-option">
            <input
              type="radio"
              name="release"
              value={r.version}
              checked={choice === r.version}
              onChange={() => setChoice(r.version)}
            />
            <strong>{r.version}</strong> <span className="muted">{origin(r)}</span>
          </label>
        ))}
        <label className="release-option">
          <input
            type="radio"
            name="release"
            value={OTHER}
            checked={choice === OTHER}
            onChange={() => setChoice(OTHER)}
          />
          other version…
        </label>
        {choice === OTHER ? (
          <p>
            <label htmlFor="release-other">Version</label>{' '}
            <input
              id="release-other"
              value={typed}
              onChange={(e) => {
                setTyped(e.target.value);
                setUnknownOk(false);
              }}
            />
          </p>
        ) : null}
      </fieldset>
      {version ? (
        <p className="start-summary" aria-label="What Start does">
          Deploys{' '}
          <strong>
            {workspace.release.name} {version}
          </strong>{' '}
          over <strong>{previous}</strong>, ring <strong>{firstRing?.name ?? '?'}</strong> first:{' '}
          {hosts.length} host
          {hosts.length === 1 ? '' : 's'} ({hosts.slice(0, 8).join(', ')}
          {hosts.length > 8 ? ', …' : ''}).
        </p>
      ) : (
        <p className="muted">Pick the release to deploy.</p>
      )}
      {version !== null && version === previous ? (
        <p className="why">{version} is what the fleet runs already.</p>
      ) : null}
      {needsAck ? (
        <label className="unknown-ack">
          <input
            type="checkbox"
            checked={unknownOk}
            onChange={(e) => setUnknownOk(e.target.checked)}
          />{' '}
          {version} is not a release this workspace knows: deploy it anyway
        </label>
      ) : null}
    </ConfirmDialog>
  );
}
