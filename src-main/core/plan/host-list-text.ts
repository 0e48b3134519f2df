/**
 * Writes a host list (`hosts: [...]`, the inventory format `yaml`) in the plainest block form:
 * one key per line, plain values where YAML reads them back as the same string, JSON-quoted
 * (a valid YAML double-quoted scalar) otherwise. `ringside sim` writes its fleet with it:
 * building a YAML document for 10,000 hosts took 48 MB of garbage; this is a string join, and
 * the inventory reader takes the result without a YAML document either.
 */

import { PLAIN_KEY, plainReadsAsString } from './host-list-block';

/** The fields a host list carries, in the order they are written. */
export interface ListedHostFields {
  readonly name: string;
  readonly address: string;
  readonly port?: number;
  readonly user?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly identityFile?: string;
  readonly proxyJump?: string;
}

/** Plain values the writer uses: one word, no indicator first (a subset of what the reader takes). */
const PLAIN_SAFE = /^[A-Za-z0-9_/][A-Za-z0-9_./@%+=~()-]*$/;

function scalar(s: string): string {
  return PLAIN_SAFE.test(s) && plainReadsAsString(s) ? s : JSON.stringify(s);
}

function key(s: string): string {
  return PLAIN_KEY.test(s) && plainReadsAsString(s) ? s : JSON.stringify(s);
}

/** The host list as YAML text, ending with a newline. */
export function hostListYaml(hosts: readonly ListedHostFields[]): string {
  if (hosts.length === 0) {
    return 'hosts: []\n';
  }
  const out: string[] = ['hosts:'];
  for (const h of hosts) {
    out.push(`  - name: ${scalar(h.name)}`, `    address: ${scalar(h.address)}`);
    if (h.port !== undefined) {
      out.push(`    port: ${String(h.port)}`);
    }
    if (h.user !== undefined) {
      out.push(`    user: ${scalar(h.user)}`);
    }
    const labels = Object.entries(h.labels ?? {});
    if (labels.length > 0) {
      out.push('    labels:', ...labels.map(([k, v]) => `      ${key(k)}: ${scalar(v)}`));
    }
    if (h.identityFile !== undefined) {
      out.push(`    identityFile: ${scalar(h.identityFile)}`);
    }
    if (h.proxyJump !== undefined) {
      out.push(`    proxyJump: ${scalar(h.proxyJump)}`);
    }
  }
  out.push('');
  return out.join('\n');
}
