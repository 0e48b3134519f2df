/**
 * One process's figures from Linux's /proc, for tests and benchmarks that watch a child:
 * CPU (user + system), current and peak RSS, open file descriptors. Null once it is gone.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStats {
  readonly cpuS: number;
  readonly rssMb: number;
  readonly hwmMb: number;
  readonly fds: number;
}

/** USER_HZ on Linux: /proc/PID/stat counts CPU in these ticks. */
const TICKS = 100;

export function procStats(pid: number): ProcStats | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number =>
      Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return {
      cpuS: (Number(fields[11]) + Number(fields[12])) / TICKS,
      rssMb: kb('VmRSS') / 1024,
      hwmMb: kb('VmHWM') / 1024,
      fds: readdirSync(`/proc/${pid}/fd`).length,
    };
  } catch {
    return null;
  }
}
