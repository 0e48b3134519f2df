import { useState } from 'react';
import type { HostView } from '../../src-main/core/contract';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { ConfirmDialog } from './confirm-dialog';

/**
 * A host waiting for a key's passphrase: ask again (the next connection asks for it), or
 * give up on the host, which fails it with a written reason.
 */
export function PassphraseWait(props: { host: HostView }) {
  const { host } = props;
  const [givingUp, setGivingUp] = useState(false);
  if (host.state !== 'needsPassphrase') {
    return null;
  }
  return (
    <div className="row" aria-label="Waiting for a key passphrase">
      <button
        type="button"
        className="primary"
        onClick={() =>
          void runCommand('ask again', () => getApi().retryPassphrase({ host: host.name }))
        }
      >
        Ask for the passphrase again
      </button>
      <button type="button" className="danger" onClick={() => setGivingUp(true)}>
        Give up on this host…
      </button>
      {givingUp ? (
        <ConfirmDialog
          title={`Give up on ${host.name}?`}
          fields={[{ name: 'reason', label: 'Why', required: true }]}
          confirmLabel="Give up (the host fails)"
          danger
          onCancel={() => setGivingUp(false)}
          onConfirm={(v) => {
            setGivingUp(false);
            void runCommand('give up', () =>
              getApi().giveUpHost({ host: host.name, reason: v['reason'] ?? '' }),
            );
          }}
        >
          <p>The host counts as failed, against its ring's failure budget.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
