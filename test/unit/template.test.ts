import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src-main/core/shell-quote';
import { renderCommand, type TemplateVars } from '../../src-main/core/template';

const vars: TemplateVars = {
  version: '1.2.3',
  previous: '1.2.2',
  host: { name: 'web-1', address: '10.0.0.1', labels: { region: 'eu-west', zone: "o'brien" } },
  ring: 'canary',
  domain: 'ud-1',
};

describe('renderCommand', () => {
  it('assigns every value to an RS_ variable once and refers to it, never splicing it', () => {
    const r = renderCommand(
      'deploy {{version}} --from {{ previous }} {{host.name}}@{{host.address}} {{host.labels.region}} {{ring}}/{{domain}} "v{{version}}"',
      vars,
    );
    expect(r).toEqual({
      ok: true,
      command:
        "RS_version='1.2.3' RS_previous='1.2.2' RS_host_name='web-1' RS_host_address='10.0.0.1' RS_label_region='eu-west' RS_ring='canary' RS_domain='ud-1'; " +
        'deploy "${RS_version}" --from "${RS_previous}" "${RS_host_name}"@"${RS_host_address}" "${RS_label_region}" "${RS_ring}"/"${RS_domain}" "v${RS_version}"',
    });
  });

  it("single-quotes values in the assignments, an embedded ' as '\\''", () => {
    expect(renderCommand('x {{host.labels.zone}}', vars)).toEqual({
      ok: true,
      command: `RS_label_zone='o'\\''brien'; x "\${RS_label_zone}"`,
    });
  });

  it('names an unknown variable', () => {
    const r = renderCommand('echo {{verison}}', vars);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toEqual({ kind: 'unknown-variable', variable: 'verison', offset: 5 });
      expect(r.message).toContain('{{verison}}');
    }
  });

  it('refuses a label the host does not have, and prototype names', () => {
    for (const label of ['missing', 'constructor', 'toString']) {
      const r = renderCommand(`echo {{host.labels.${label}}}`, vars);
      expect(r.ok ? null : r.error.kind).toBe('missing-value');
    }
  });

  it('refuses ring/domain when they are not given', () => {
    const r = renderCommand('echo {{ring}}', { ...vars, ring: undefined });
    expect(r.ok ? null : r.error.kind).toBe('missing-value');
  });

  it('reports an unclosed brace with its offset', () => {
    const r = renderCommand('echo {{version', vars);
    expect(r.ok ? null : r.error).toEqual({ kind: 'unclosed', offset: 5 });
  });

  it('refuses NUL bytes', () => {
    const r = renderCommand('echo {{version}}', { ...vars, version: 'a\u0000b' });
    expect(r.ok ? null : r.error.kind).toBe('nul-byte');
  });

  it('leaves templates without variables unchanged', () => {
    expect(renderCommand('true; echo $HOME', vars)).toEqual({
      ok: true,
      command: 'true; echo $HOME',
    });
  });
});

describe('shellQuote through a real /bin/sh', () => {
  // One sh per sample keeps this honest; 60 samples plus the nasty fixed set stay well under a second.
  const roundTrip = (value: string): string =>
    execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' });

  it('passes hostile values verbatim', () => {
    for (const value of [
      '$(touch /tmp/x)',
      '`id`',
      'a\'b"c',
      'a;b|c&d',
      'x\ny',
      '',
      "'",
      '*?[a]',
      '\\',
    ]) {
      expect(roundTrip(value)).toBe(value);
    }
  });

  it('round-trips arbitrary strings without NUL', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000')),
        (s) => roundTrip(s) === s,
      ),
      { numRuns: 60 },
    );
  });
});
