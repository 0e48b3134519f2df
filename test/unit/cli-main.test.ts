import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { captureCliIo } from '../helpers/cli-io';

describe('ringside CLI dispatch', () => {
  it('refuses an unknown verb with one line and exit 2', async () => {
    const t = captureCliIo();
    expect(await runCli(['frobnicate'], t.io)).toBe(2);
    expect(t.err).toHaveLength(1);
    expect(t.err[0]).toMatch(/unknown verb 'frobnicate'/);
  });
  it('prints help for no verb (exit 2) and --help (exit 0)', async () => {
    const t = captureCliIo();
    expect(await runCli([], t.io)).toBe(2);
    expect(await runCli(['--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toMatch(/validate/);
  });
});
