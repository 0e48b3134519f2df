import type { InventoryHost } from './fleet';

/**
 * One rule for host fields whatever the inventory format (inline, YAML/JSON, CSV, Ansible,
 * ssh_config): names and addresses are DNS names or IP addresses (letters, digits, `_ . : -`,
 * not starting with `-` or `.`), so a value like `$(reboot)`, `-oProxyCommand=...` or one with
 * a newline can never reach a shell, an ssh option or a log line.
 */
export const hostNamePattern = /^[\p{L}\p{N}_:][\p{L}\p{N}_.:-]*$/u;
const addressPattern = /^[\p{L}\p{N}_:][\p{L}\p{N}_.:%-]*$/u;
const userPattern = /^[\p{L}\p{N}_][\p{L}\p{N}_.@$-]*$/u;
const jumpPattern = /^[^\s,-][^\s,]*(?:,[^\s,-][^\s,]*)*$/u;
// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Shows a refused value with its control characters escaped. */
export function showValue(v: string): string {
  return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
}

/** Why a host as an inventory declares it cannot join the fleet, or undefined. */
export function hostFieldProblem(h: InventoryHost): string | undefined {
  if (!hostNamePattern.test(h.name) || h.name.length > 253) {
    return `host name ${showValue(h.name)} is not a DNS name or IP address (expected letters, digits, _ . : -, not starting with - or .)`;
  }
  if (h.address !== undefined && (!addressPattern.test(h.address) || h.address.length > 253)) {
    return `host '${h.name}': address ${showValue(h.address)} is not a DNS name or IP address`;
  }
  if (h.user !== undefined && !userPattern.test(h.user)) {
    return `host '${h.name}': user ${showValue(h.user)} is not a user name (letters, digits, _ . @ $ -, not starting with -)`;
  }
  if (
    h.identityFile !== undefined &&
    (control.test(h.identityFile) || h.identityFile.startsWith('-'))
  ) {
    return `host '${h.name}': identity file ${showValue(h.identityFile)} contains control characters or starts with -`;
  }
  if (h.proxyJump !== undefined && !jumpPattern.test(h.proxyJump)) {
    return `host '${h.name}': proxyJump ${showValue(h.proxyJump)} is not [user@]host[:port][,...]`;
  }
  for (const [k, v] of Object.entries(h.labels)) {
    if (control.test(k) || control.test(v)) {
      return `host '${h.name}': label ${showValue(k)} = ${showValue(v)} contains control characters`;
    }
  }
  return undefined;
}
