/** Display formatting only: durations, clock times, percentages. */

/** `1h 02m`, `4m 05s`, `12s`; negative durations show as 0s. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) {
    return `${h}h ${String(m).padStart(2, '0')}m`;
  }
  if (m > 0) {
    return `${m}m ${String(sec).padStart(2, '0')}s`;
  }
  return `${sec}s`;
}

// One formatter for every call: `toLocaleTimeString` builds a new one each time, and chart
// axes format their ticks on every redraw.
const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Local wall-clock time, seconds precision. */
export function formatClock(epochMs: number): string {
  return clock.format(epochMs);
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

/** How long ago, as a person says it: `just now`, `12 s ago`, `4 min ago`, `2 h ago`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 2) {
    return 'just now';
  }
  if (s < 60) {
    return `${s} s ago`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ago`;
  }
  return `${Math.floor(s / 3600)} h ago`;
}
