import { describe, expect, it } from 'vitest';
import { expectPlanHash, type JournalEvent } from '../../src-main/adapters/journal';

const snapshot = {
  seq: 1,
  prev: '',
  hash: '',
  event: {
    type: 'RolloutCreated',
    plan: {
      planHash: 'old',
      hosts: [
        { name: 'db-[a:b].example.com', address: 'db-[a:b].example.com', port: 22 },
        { name: 'web1', address: 'web1', port: 22, user: 'deploy' },
        { name: 'web2', address: 'web2', port: 22 },
      ],
    },
  } as unknown as JournalEvent,
};

describe('a journal from before a change in how inventories are read', () => {
  it('resumes when today resolves the same plan (same hash)', () => {
    expect(expectPlanHash([snapshot], 'old', 'journal j', [])).toEqual({ ok: true });
  });
  it('is refused, naming the hosts that resolve differently today, never switched silently', () => {
    const today = [
      { name: 'db-a.example.com', address: 'db-a.example.com', port: 22 },
      { name: 'db-b.example.com', address: 'db-b.example.com', port: 22 },
      { name: 'web1', address: '10.0.0.1', port: 2222, user: 'deploy' },
      { name: 'web2', address: 'web2', port: 22 },
    ];
    const r = expectPlanHash([snapshot], 'new', 'journal j', today);
    expect(!r.ok && r.message).toBe(
      'journal j belongs to plan old, not to this plan new (hosts resolve differently today: ' +
        'added db-a.example.com, db-b.example.com; removed db-[a:b].example.com; ' +
        'changed web1 (deploy@web1:22 -> deploy@10.0.0.1:2222)); use a new journal for a changed plan',
    );
  });
});
