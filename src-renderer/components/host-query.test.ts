import { describe, expect, it } from 'vitest';
import type { HostView } from '../../src-main/core/contract';
import { matchesHost, parseHostQuery } from './host-query';

const host = (name: string, labels: Record<string, string>, version = '2.4.0'): HostView => ({
  name,
  ring: 'early',
  domain: 'zone-a',
  state: 'done',
  version,
  labels,
  lastOutput: [],
  waitingFor: null,
});
const hosts = [
  host('euw-a-01', { region: 'eu-west', zone: 'a' }),
  host('euw-b-02', { region: 'eu-west', zone: 'b' }, '2.3.9'),
  host('use-a-01', { region: 'us-east', zone: 'a' }),
];
const find = (q: string) =>
  hosts.filter((h) => matchesHost(h, parseHostQuery(q))).map((h) => h.name);

describe('fleet search', () => {
  it('parses label=value and words, ignoring case and extra spaces', () => {
    expect(parseHostQuery('  Region=EU-West   a-0 ')).toEqual([
      { kind: 'label', key: 'region', value: 'eu-west' },
      { kind: 'text', text: 'a-0' },
    ]);
    expect(parseHostQuery('')).toEqual([]);
    // A leading '=' is a word, not a label with no name.
    expect(parseHostQuery('=x')).toEqual([{ kind: 'text', text: '=x' }]);
  });

  it('finds by substring anywhere in the name, not only the prefix', () => {
    expect(find('a-01')).toEqual(['euw-a-01', 'use-a-01']);
    expect(find('B-02')).toEqual(['euw-b-02']);
    expect(find('')).toEqual(hosts.map((h) => h.name));
  });

  it('finds by label=value exactly, and combines terms with and', () => {
    expect(find('region=eu-west')).toEqual(['euw-a-01', 'euw-b-02']);
    expect(find('region=eu')).toEqual([]);
    expect(find('region=eu-west zone=a')).toEqual(['euw-a-01']);
    expect(find('zone=a use')).toEqual(['use-a-01']);
    expect(find('nolabel=x')).toEqual([]);
  });

  it('knows ring, domain, version and state as if they were labels', () => {
    expect(find('version=2.3.9')).toEqual(['euw-b-02']);
    expect(find('ring=early domain=zone-a')).toHaveLength(3);
    expect(find('state=done')).toHaveLength(3);
    expect(find('2.3')).toEqual(['euw-b-02']);
  });
});
