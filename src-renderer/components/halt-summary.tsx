import { useState } from 'react';
import type { HaltSummary as HaltSummaryView } from '../../src-main/core/contract';
import { backOnLine } from '../../src-main/core/words';
import { showToast } from '../store/actions';
import { useAppStore } from '../store/app-store';
import { formatClock } from './format';

/** The text the Copy button puts on the clipboard: the paragraph, then where hosts are now. */
export function haltClipboardText(
  halt: HaltSummaryView,
  hosts: readonly {
    ring: string;
    state: Parameters<typeof backOnLine>[0][number]['state'];
    version: string | null;
  }[],
): string {
  const back = backOnLine(hosts.filter((h) => h.ring === halt.ring));
  return back ? `${halt.text}\n${back}` : halt.text;
}

/**
 * The halt summary for on-call, with a Copy button for the incident channel; it also says how
 * many hosts are back on which version.
 */
export function HaltSummaryPanel(props: { compact?: boolean }) {
  const halt = useAppStore((s) => s.snapshot?.halt);
  const hosts = useAppStore((s) => s.snapshot?.hosts);
  const [copied, setCopied] = useState(false);
  if (!halt) {
    return null;
  }
  const text = haltClipboardText(halt, hosts ?? []);
  const back = text.slice(halt.text.length).trim();
  const copy = () => {
    const done = () => {
      setCopied(true);
      showToast('info', 'Halt summary copied.');
    };
    const clip = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (!clip) {
      showToast('error', 'Copy did not happen: this browser gives the page no clipboard.');
      return;
    }
    clip
      .writeText(text)
      .then(done, (e: unknown) =>
        showToast('error', `Copy did not happen: ${e instanceof Error ? e.message : String(e)}`),
      );
  };
  return (
    <section className="panel halt-banner" role="alert" aria-label="Halt summary">
      <div className="row">
        <h2>
          Halted in {halt.ring} at {formatClock(halt.at)}
          {halt.gate ? ` · gate ${halt.gate}` : ''}
        </h2>
        <span className="spacer" />
        <button type="button" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {props.compact ? null : <p>{halt.text}</p>}
      {back && !props.compact ? <p className="muted">{back}</p> : null}
    </section>
  );
}
