/**
 * Which plan files a console may open. `openWorkspace({planPath})` comes from a browser tab
 * or the renderer; without a limit it read any file of the machine and echoed it in the
 * plan's error (a line of /etc/shadow over the WebSocket). Allowed are the files the person
 * chose — the plan `ringside serve` was started with, a file picked in Electron's dialog, a
 * recent workspace — and YAML files under directories given at start (the examples).
 */
import { realpathSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';

/** The allow-list of plan files. */
export interface PlanAccess {
  /** Adds a file the person picked (Electron's open dialog). */
  allow(planPath: string): void;
  /** The real path of `planPath` when it may be opened, else a refusal naming the path only. */
  check(planPath: string): { ok: true; path: string } | { ok: false; error: string };
}

/** Resolves symlinks, so a link under an allowed directory cannot point elsewhere. */
function real(p: string): string | null {
  try {
    return realpathSync(resolve(p));
  } catch {
    return null;
  }
}

/** Creates the allow-list from files and directories given at start. */
export function createPlanAccess(
  files: readonly string[] = [],
  dirs: readonly string[] = [],
): PlanAccess {
  const allowedFiles = new Set<string>();
  const allowedDirs = dirs.map(real).filter((d): d is string => d !== null);
  const allow = (p: string) => {
    const r = real(p);
    allowedFiles.add(r ?? resolve(p));
  };
  files.forEach(allow);
  return {
    allow,
    check(planPath) {
      const r = real(planPath);
      const yaml = ['.yaml', '.yml'].includes(extname(r ?? '').toLowerCase());
      if (
        r !== null &&
        (allowedFiles.has(r) || (yaml && allowedDirs.some((d) => r.startsWith(d + sep))))
      ) {
        return { ok: true, path: r };
      }
      return {
        ok: false,
        error: `openWorkspace: ${planPath} is not a plan this console may open (allowed: the plan it was started with, one picked in the open dialog, a recent workspace, or a YAML file under ${allowedDirs.length > 0 ? allowedDirs.join(', ') : 'no directory'})`,
      };
    },
  };
}
