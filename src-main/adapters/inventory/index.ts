/** Inventories and the plan loader: file I/O at the edge, parsing of text into hosts. */
export { loadPlanFromFile } from './plan-loader';
export { parseInventory, detectFormat } from './parse-inventory';
export { parseHostList } from './parse-host-list';
export { parseCsv } from './parse-csv';
export { parseAnsibleIni, expandRange } from './parse-ansible-ini';
export { parseAnsibleYaml } from './parse-ansible-yaml';
export { parseSshConfig } from './parse-ssh-config';
