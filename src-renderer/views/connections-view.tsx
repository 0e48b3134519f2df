import { useState } from 'react';
import type {
  CloudAccountTest,
  PendingHostKey,
  PrometheusTest,
} from '../../src-main/core/contract';
import { getApi } from '../api/client';
import { runCommand } from '../api/commands';
import { ConfirmDialog } from '../components/confirm-dialog';
import { StateMessage } from '../components/state-message';
import { TeamDatabaseSettings } from '../components/team-database-settings';
import { setSettingsState } from '../store/actions';
import { useAppStore } from '../store/app-store';
import { useTeamRole } from '../store/team-role';
import { teamRoleRefusalWords } from '../../src-main/core/words';

function PendingKeys() {
  const pending = useAppStore((s) => s.snapshot?.pendingHostKeys);
  const [approving, setApproving] = useState<PendingHostKey | null>(null);
  // On a team rollout, approving or rejecting a key is a command like any other.
  const team = useTeamRole();
  const refused = team === null ? null : teamRoleRefusalWords(team.login, team.role, 'command');
  return (
    <section className="panel" aria-label="New host keys">
      <h2>New host keys awaiting approval</h2>
      {refused !== null && pending && pending.length > 0 ? (
        <p className="why" id="host-keys-why">
          {refused}
        </p>
      ) : null}
      {!pending || pending.length === 0 ? (
        <p className="muted">No host key waits for approval.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>host</th>
              <th>type</th>
              <th>fingerprint</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {pending.map((k) => (
              <tr key={k.host}>
                <td>{k.host}</td>
                <td>{k.keyType}</td>
                <td>
                  <code>{k.fingerprint}</code>
                </td>
                <td className="row">
                  <button
                    type="button"
                    className="primary"
                    disabled={refused !== null}
                    title={refused ?? undefined}
                    aria-describedby={refused !== null ? 'host-keys-why' : undefined}
                    onClick={() => setApproving(k)}
                  >
                    Approve
                  </button>
                  <button
                    type="button"
                    className="danger"
                    disabled={refused !== null}
                    title={refused ?? undefined}
                    aria-describedby={refused !== null ? 'host-keys-why' : undefined}
                    onClick={() =>
                      void runCommand('Rejecting the key', () =>
                        getApi().rejectHostKey({ host: k.host, fingerprint: k.fingerprint }),
                      )
                    }
                  >
                    Reject
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {approving ? (
        <ConfirmDialog
          title={`Trust this key for ${approving.host}?`}
          fields={[]}
          confirmLabel="Approve key"
          onCancel={() => setApproving(null)}
          onConfirm={() => {
            const k = approving;
            setApproving(null);
            void runCommand('Approving the key', () =>
              getApi().approveHostKey({ host: k.host, fingerprint: k.fingerprint }),
            );
          }}
        >
          <p>
            Compare with the host's own key (<code>ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</code>
            ):
          </p>
          <p>
            <code>
              {approving.keyType} {approving.fingerprint}
            </code>
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function Prometheus() {
  const configured = useAppStore((s) => s.snapshot?.connections.prometheusUrls);
  const [url, setUrl] = useState('http://127.0.0.1:9090');
  const [result, setResult] = useState<PrometheusTest | null>(null);
  return (
    <section className="panel" aria-label="Prometheus">
      <h2>Prometheus</h2>
      {configured && configured.length > 0 ? (
        <ul>
          {configured.map((u) => (
            <li key={u}>{u}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">The workspace uses no Prometheus endpoint (direct scrape).</p>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setResult(null);
          void runCommand('test Prometheus', () => getApi().testPrometheus({ url })).then(
            setResult,
          );
        }}
      >
        <label htmlFor="prom-url">URL</label>
        <input id="prom-url" value={url} onChange={(e) => setUrl(e.target.value)} size={36} />
        <button type="submit">Test connection</button>
      </form>
      {result ? (
        <p role="status" className={result.ok ? '' : 'state-message error'}>
          {result.ok
            ? `Connected: Prometheus ${result.version ?? '(version unknown)'} answered in ${Math.round(result.latencyMs)} ms`
            : `Failed: ${result.error}`}
        </p>
      ) : null}
    </section>
  );
}

/** One cloud account of the plan's inventories, with its "does it answer" check. */
function CloudAccount(props: {
  cloud: 'azure' | 'aws';
  account: string;
  scope: readonly string[];
}) {
  const [result, setResult] = useState<CloudAccountTest | null>(null);
  const [testing, setTesting] = useState(false);
  const what = props.cloud === 'aws' ? 'AWS' : 'Azure';
  return (
    <li>
      {props.cloud === 'aws'
        ? props.account === 'default chain'
          ? 'AWS, default credential chain'
          : 'AWS profile '
        : 'Azure subscription '}
      {props.cloud === 'aws' && props.account === 'default chain' ? null : (
        <code>{props.account}</code>
      )}{' '}
      ({props.scope.join(', ')}){' '}
      <button
        type="button"
        disabled={testing}
        onClick={() => {
          setResult(null);
          setTesting(true);
          void runCommand(`test the ${what} account`, () =>
            getApi().testCloudAccount({ cloud: props.cloud, account: props.account }),
          ).then((r) => {
            setTesting(false);
            setResult(r ?? null);
          });
        }}
      >
        {testing ? 'Asking…' : 'Test connection'}
      </button>
      {result ? (
        <span role="status" className={result.ok ? '' : 'state-message error'}>
          {' '}
          {result.ok
            ? `Answers: ${result.answer} in ${Math.round(result.latencyMs)} ms`
            : `Failed: ${result.error}`}
        </span>
      ) : null}
    </li>
  );
}

function CloudAccounts() {
  const accounts = useAppStore((s) => s.snapshot?.connections.cloudAccounts);
  if (!accounts || accounts.length === 0) {
    return null;
  }
  return (
    <section className="panel" aria-label="Cloud accounts">
      <h2>Cloud accounts</h2>
      <p className="muted">
        Read by the plan's inventories with each cloud's default credential chain (Azure: az login,
        environment, managed identity; AWS: the profile or AWS_PROFILE, SSO, environment, instance
        role); Ringside keeps no credentials.
      </p>
      <ul>
        {accounts.map((a) => (
          <CloudAccount key={`${a.cloud}-${a.account}`} {...a} />
        ))}
      </ul>
    </section>
  );
}

function Preferences() {
  const settings = useAppStore((s) => s.settings);
  if (!settings) {
    return null;
  }
  const save = (patch: Parameters<ReturnType<typeof getApi>['setSettings']>[0]) =>
    void runCommand('Saving settings', () => getApi().setSettings(patch)).then(
      (s) => s && setSettingsState(s),
    );
  return (
    <section className="panel" aria-label="Preferences">
      <h2>Preferences</h2>
      <div className="row">
        <label htmlFor="pref-operator">Operator name</label>
        <input
          id="pref-operator"
          defaultValue={settings.operatorName}
          onBlur={(e) => e.target.value.trim() && save({ operatorName: e.target.value.trim() })}
        />
        <label htmlFor="pref-theme">Theme</label>
        <select
          id="pref-theme"
          value={settings.theme}
          onChange={(e) => save({ theme: e.target.value as typeof settings.theme })}
        >
          <option value="system">system</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
        <label>
          <input
            type="checkbox"
            checked={settings.notifications}
            onChange={(e) => save({ notifications: e.target.checked })}
          />{' '}
          Desktop notifications
        </label>
      </div>
    </section>
  );
}

/** Identities, known hosts, host-key approval, Prometheus endpoints, preferences. */
export function ConnectionsView() {
  const connections = useAppStore((s) => s.snapshot?.connections);
  if (!connections) {
    return <StateMessage>No workspace open.</StateMessage>;
  }
  return (
    <div>
      <PendingKeys />
      <section className="panel" aria-label="Identities and known hosts">
        <h2>Identities</h2>
        {connections.identities.length === 0 ? (
          <p className="muted">none (ssh-agent only)</p>
        ) : (
          <ul>
            {connections.identities.map((i) => (
              <li key={i.name}>
                {i.name} {i.path ? <code>{i.path}</code> : null}{' '}
                {i.encrypted
                  ? i.passphraseRemembered === true
                    ? '(encrypted, passphrase remembered)'
                    : '(encrypted, passphrase asked when needed)'
                  : ''}
              </li>
            ))}
          </ul>
        )}
        <h2>Known hosts</h2>
        {connections.knownHosts.length === 0 ? (
          <p className="muted">none approved in this workspace</p>
        ) : (
          <table>
            <tbody>
              {connections.knownHosts.map((k) => (
                <tr key={`${k.host}-${k.fingerprint}`}>
                  <td>{k.host}</td>
                  <td>{k.keyType}</td>
                  <td>
                    <code>{k.fingerprint}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Prometheus />
      <CloudAccounts />
      <TeamDatabaseSettings />
      <Preferences />
    </div>
  );
}
