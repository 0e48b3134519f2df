import { describe, expect, it } from 'vitest';
import { rawTokens } from '../../../test/helpers/human-words';
import {
  actionWords,
  domainStatusWords,
  eventKindWord,
  eventKindWords,
  gateOutcomeWords,
  hostCountsLine,
  hostStateWords,
  hostStatusWord,
  personMessage,
  ringStatusWord,
  ringStatusWords,
  rolloutStatusWord,
  rolloutStatusWords,
} from './index';
import { emptyHostCounts } from '../contract/view-model';

describe('the words a person reads', () => {
  it('has no enum or function spelling in any state word', () => {
    const all = [
      ...Object.values(rolloutStatusWords),
      ...Object.values(ringStatusWords),
      ...Object.values(domainStatusWords),
      ...Object.values(hostStateWords),
      ...Object.values(gateOutcomeWords),
      ...Object.values(actionWords),
      ...Object.values(eventKindWords),
    ].join('\n');
    expect(rawTokens(all)).toEqual([]);
  });

  it('says the same word for a journaled state as the console does', () => {
    expect(rolloutStatusWord('completed')).toBe(rolloutStatusWords.done);
    expect(rolloutStatusWord('waiting-promotion')).toBe('waiting for promotion');
    expect(ringStatusWord('rolled-back')).toBe(ringStatusWords.rolledBack);
    expect(ringStatusWord('rolled-back')).toBe('rolled back');
    expect(hostStatusWord('in-doubt')).toBe('in doubt');
    expect(hostStatusWord('rollback-failed')).toBe('rollback failed');
    expect(eventKindWord('RollbackCompleted')).toBe('rollback done');
    expect(eventKindWord('SomethingNew')).toBe('something new');
  });

  it('counts a rolled-back ring as rolled back, not "0/3 hosts done"', () => {
    const counts = { ...emptyHostCounts(), rolledBack: 3 };
    expect(hostCountsLine(counts)).toBe('3 hosts: 3 rolled back');
    expect(hostCountsLine({ ...emptyHostCounts(), done: 2, deploying: 1, pending: 57 })).toBe(
      '60 hosts: 2 done, 1 deploying, 57 not updated',
    );
  });

  it('names what the person did instead of the method ("exportTimeline: …")', () => {
    const m = personMessage(
      'Export',
      'exportTimeline: no rollout has been started (start one first)',
    );
    expect(m).toBe('Export did not happen: no rollout has been started (start one first)');
    expect(rawTokens(m)).toEqual([]);
    expect(personMessage('Start', 'start: invalid params.release: too long')).toBe(
      'Start did not happen: invalid release: too long',
    );
    expect(personMessage('Pause', 'the rollout is not running')).toBe(
      'Pause did not happen: the rollout is not running',
    );
  });
});

describe('rawTokens (the lexicon check the e2e walk uses)', () => {
  it('finds camelCase, event types, kebab states and method prefixes', () => {
    expect(rawTokens('status notStarted')).toEqual(['notStarted']);
    expect(rawTokens('RingStarted canary')).toEqual(['RingStarted']);
    expect(rawTokens('Ring canary: rolled-back.')).toEqual(['rolled-back']);
    expect(rawTokens('exportTimeline: no rollout')).toEqual(['exportTimeline', 'exportTimeline:']);
    expect(rawTokens('start: the rollout is running')).toEqual(['start:']);
  });

  it('leaves words, versions, host names and fingerprints alone', () => {
    expect(
      rawTokens('web 2.4.0 → 2.4.1-bad on web-01 · SHA256:aBcDeF+9/x error-rate: pass'),
    ).toEqual([]);
  });
});
