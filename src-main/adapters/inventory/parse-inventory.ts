import type { InventoryFormat, InventoryHost, PlanError, Result } from '../../core/plan';
import { parseAnsibleIni } from './parse-ansible-ini';
import { parseAnsibleYaml } from './parse-ansible-yaml';
import { parseCsv } from './parse-csv';
import { parseHostList } from './parse-host-list';
import { parseSshConfig } from './parse-ssh-config';

/** Parses inventory text of a known format into hosts, or positioned errors. */
export function parseInventory(
  text: string,
  file: string,
  format: InventoryFormat,
): Result<InventoryHost[], PlanError[]> {
  switch (format) {
    case 'yaml':
    case 'json':
      return parseHostList(text, file);
    case 'csv':
      return parseCsv(text, file);
    case 'ansible-ini':
      return parseAnsibleIni(text, file);
    case 'ansible-yaml':
      return parseAnsibleYaml(text, file);
    case 'ssh-config':
      return parseSshConfig(text, file);
    default: {
      const never: never = format;
      throw new Error(`unhandled inventory format ${String(never)}`);
    }
  }
}

/**
 * Infers the format from the file name, then the content: `.csv`, `.json`, `.ini`/`.cfg`,
 * `ssh_config`/`*.ssh`/`config`; YAML is an Ansible inventory when its top level is groups
 * (`all:` or mappings with hosts/children) and a host list otherwise.
 */
export function detectFormat(path: string, text: string): InventoryFormat | undefined {
  const base = path.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  const firstLine =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '' && !l.trim().startsWith('#'))
      ?.trim() ?? '';
  if (ext === 'csv') {
    return 'csv';
  }
  if (ext === 'json') {
    return 'json';
  }
  if (ext === 'ini' || ext === 'cfg') {
    return 'ansible-ini';
  }
  if (
    base === 'ssh_config' ||
    base === 'config' ||
    ext === 'ssh' ||
    /^(host|match)\s/i.test(firstLine)
  ) {
    return 'ssh-config';
  }
  if (ext === 'yaml' || ext === 'yml') {
    return /^all\s*:/m.test(text) ||
      (/^\s+(children|hosts)\s*:\s*$/m.test(text) && !/^hosts\s*:/m.test(text))
      ? 'ansible-yaml'
      : 'yaml';
  }
  if (firstLine.startsWith('[') && firstLine.endsWith(']')) {
    return 'ansible-ini';
  }
  if (firstLine.startsWith('{') || firstLine.startsWith('[')) {
    return 'json';
  }
  if (/^name\s*,/.test(firstLine) || firstLine.includes(',name')) {
    return 'csv';
  }
  return undefined;
}
