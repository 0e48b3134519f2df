import { describe, expect, it } from 'vitest';
import { knownReleases } from '../../src-main/app/known-releases';

describe('the releases Start offers', () => {
  it('lists the plan release, the workspace variants, then journal-only versions newest first', () => {
    expect(
      knownReleases(
        '2.4.0',
        ['2.4.0', '2.4.1-bad'],
        [
          { version: '2.3.8', outcome: 'done', at: 100 },
          { version: '2.4.0', outcome: 'aborted', at: 300 },
          { version: '2.4.0', outcome: 'done', at: 200 },
          { version: '2.3.9', outcome: 'rolled back', at: 250 },
        ],
      ),
    ).toEqual([
      { version: '2.4.0', from: 'plan', last: { outcome: 'aborted', at: 300 } },
      { version: '2.4.1-bad', from: 'workspace', last: null },
      { version: '2.3.9', from: 'journal', last: { outcome: 'rolled back', at: 250 } },
      { version: '2.3.8', from: 'journal', last: { outcome: 'done', at: 100 } },
    ]);
  });
});
