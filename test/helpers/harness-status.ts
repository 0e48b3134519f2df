/** `ringside status`'s view of a core test harness's rollout, as the status verb builds it. */
import { attentionHosts } from '../../src-main/core/rollout';
import type { Harness } from '../../src-main/core/rollout/fixtures';
import { statusView, type Driver, type StatusView } from '../../src-main/core/rollout/status-view';

export function harnessStatus(h: Harness, driver: Driver | null = null): StatusView {
  return statusView(h.state, {
    journal: 'j',
    driver,
    recent: [],
    now: h.now,
    flagged: attentionHosts(h.state),
  });
}
