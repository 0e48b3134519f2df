/**
 * Fixture for rollouts over real OpenSSH: a plan whose steps are real shell commands that
 * keep their effects in a host-side state directory (one version file per host, one shared
 * executions log), an operator HOME (known_hosts, ssh keys) per test, and readers for what
 * the hosts saw. Every execution appends a line BEFORE it does anything, so the log counts
 * attempts, including ones a crash interrupted.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ringside, type CliResult } from './ringside-cli';
import { makeTempDir, type KeyPair, type Sshd } from './sshd';

/** One line of the host-side executions log. */
export interface ExecLine {
  readonly host: string;
  /** install, check, verify or revert. */
  readonly step: string;
  readonly version: string;
  readonly ring: string;
  readonly domain: string;
  /** `date +%s%N` on the host (all hosts share this machine's clock). */
  readonly ns: bigint;
}

/** A host of a test plan: where it is and which ring (tier) and update domain (zone) it joins. */
export interface PlanHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly tier: string;
  readonly zone: string;
  readonly identityFile?: string;
  readonly proxyJump?: string;
}

/** A ring of a test plan; hosts are picked by their `tier` label. */
export interface PlanRing {
  readonly name: string;
  readonly promotion?: 'manual' | 'auto';
  readonly budget?: { readonly perDomain?: number; readonly ring?: number };
  readonly rollbackOnHalt?: boolean;
}

export interface PlanOptions {
  readonly version?: string;
  readonly previous?: string;
  readonly concurrency?: number;
  /** Seconds the install step sleeps between logging and writing (room for a kill -9). */
  readonly installSleep?: number;
  /** Install step timeout (default 20s). */
  readonly installTimeout?: string;
  /** Install is re-run blindly when in doubt (default false: the verify step decides). */
  readonly idempotentInstall?: boolean;
  readonly onHalt?: 'finish' | 'cancel';
}

/** Where a test keeps its plan, operator HOME and host-side state. */
export interface RolloutWorkspace {
  readonly root: string;
  /** HOME of the `ringside` child: ~/.ssh/known_hosts, ~/.ssh/id_ed25519. */
  readonly home: string;
  /** Host-side state, writable by the sshd test user. */
  readonly stateDir: string;
  readonly journal: string;
  /** Environment for spawnRingside. */
  readonly env: Readonly<Record<string, string>>;
  writeKnownHosts(lines: readonly string[]): void;
  /** Writes the plan (YAML) and returns its path. */
  writePlan(hosts: readonly PlanHost[], rings: readonly PlanRing[], o?: PlanOptions): string;
  /** Make a host's install step exit 7 (`fail`) or sleep 30 s (`hang`) from now on. */
  setFault(host: string, fault: 'fail' | 'hang' | null): void;
  execLog(): ExecLine[];
  /** Lines in the executions log right now (cheap enough to poll). */
  execCount(): number;
  /** The host's version file, or null when no step ever wrote it. */
  version(host: string): string | null;
  remove(): void;
}

/** A fresh workspace; the client key becomes HOME's default identity (used by jump hops). */
export function rolloutWorkspace(clientKey: KeyPair): RolloutWorkspace {
  const root = makeTempDir('ringside-rollout-');
  const home = path.join(root, 'home');
  const sshDir = path.join(home, '.ssh');
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  copyFileSync(clientKey.privateKeyPath, path.join(sshDir, 'id_ed25519'));
  chmodSync(path.join(sshDir, 'id_ed25519'), 0o600);
  const stateDir = path.join(root, 'state');
  mkdirSync(stateDir);
  // The steps run as the unprivileged sshd test user.
  chmodSync(stateDir, 0o777);
  const logFile = path.join(stateDir, 'exec.log');
  writeFileSync(logFile, '');
  chmodSync(logFile, 0o666);
  const journal = path.join(root, 'journal');
  const D = stateDir;

  const readLog = (): string => readFileSync(logFile, 'utf8');
  return {
    root,
    home,
    stateDir,
    journal,
    env: { HOME: home, USER: 'root', LOGNAME: 'root' },
    writeKnownHosts(lines) {
      writeFileSync(path.join(sshDir, 'known_hosts'), lines.map((l) => `${l}\n`).join(''));
    },
    writePlan(hosts, rings, o = {}) {
      const log = (step: string, version: string): string =>
        `echo {{host.name}} ${step} ${version} {{ring}} {{domain}} "$(date +%s%N)" >> ${D}/exec.log`;
      const vfile = `${D}/{{host.name}}.version`;
      const sleep = o.installSleep !== undefined ? ` && sleep ${o.installSleep}` : '';
      const doc = {
        release: { name: 'web', version: o.version ?? '2.0.0', previous: o.previous ?? '1.0.0' },
        fleet: {
          hosts: hosts.map((h) => ({
            name: h.name,
            address: h.address,
            port: h.port,
            user: h.user,
            labels: { tier: h.tier, zone: h.zone },
            ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
            ...(h.proxyJump !== undefined ? { proxyJump: h.proxyJump } : {}),
          })),
        },
        domains: { byLabel: 'zone' },
        rings: rings.map((r) => ({
          name: r.name,
          select: { labels: { tier: r.name } },
          bake: '0s',
          promotion: r.promotion ?? 'manual',
          budget: { perDomain: r.budget?.perDomain ?? 0, ring: r.budget?.ring ?? 0 },
          rollbackOnHalt: r.rollbackOnHalt ?? false,
        })),
        deploy: {
          steps: [
            {
              name: 'install',
              command:
                `${log('install', '{{version}}')}` +
                ` && if [ -e ${D}/{{host.name}}.fail ]; then exit 7; fi` +
                ` && if [ -e ${D}/{{host.name}}.hang ]; then sleep 30; fi` +
                `${sleep} && printf %s {{version}} > ${vfile}`,
              timeout: o.installTimeout ?? '20s',
              idempotent: o.idempotentInstall ?? false,
            },
            {
              name: 'check',
              command: `${log('check', '{{version}}')} && test "$(cat ${vfile})" = {{version}}`,
              timeout: '10s',
              idempotent: true,
            },
          ],
          verify: {
            name: 'verify',
            command: `${log('verify', '{{version}}')} && test "$(cat ${vfile} 2>/dev/null)" = {{version}}`,
            timeout: '10s',
            idempotent: true,
          },
          rollback: [
            {
              name: 'revert',
              command: `${log('revert', '{{previous}}')} && printf %s {{previous}} > ${vfile}`,
              timeout: '10s',
              idempotent: true,
            },
          ],
          concurrency: o.concurrency ?? 2,
          parallelDomains: 1,
          onHalt: o.onHalt ?? 'finish',
        },
      };
      const file = path.join(root, `plan-${Math.random().toString(36).slice(2, 8)}.yaml`);
      writeFileSync(file, YAML.stringify(doc));
      return file;
    },
    setFault(host, fault) {
      for (const f of ['fail', 'hang'] as const) {
        const p = path.join(D, `${host}.${f}`);
        if (fault === f) {
          writeFileSync(p, '');
        } else {
          rmSync(p, { force: true });
        }
      }
    },
    execLog() {
      return readLog()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => {
          const [host = '', step = '', version = '', ring = '', domain = '', ns = '0'] =
            l.split(' ');
          return { host, step, version, ring, domain, ns: BigInt(ns) };
        });
    },
    execCount() {
      const t = readLog();
      return t === '' ? 0 : t.split('\n').length - 1;
    },
    version(host) {
      const p = path.join(D, `${host}.version`);
      return existsSync(p) ? readFileSync(p, 'utf8') : null;
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A plan host on a fixture sshd. */
export function sshHost(
  sshd: Sshd,
  name: string,
  tier: string,
  zone: string,
  identityFile: string,
): PlanHost {
  return {
    name,
    address: sshd.address,
    port: sshd.port,
    user: sshd.user,
    tier,
    zone,
    identityFile,
  };
}

/** `ringside run PLAN --journal W.journal EXTRA...` with the workspace's HOME. */
export function runIn(w: RolloutWorkspace, plan: string, ...extra: string[]): Promise<CliResult> {
  return ringside(['run', plan, '--journal', w.journal, ...extra], { env: w.env });
}

/** Lines of one host and step. */
export function linesOf(log: readonly ExecLine[], host: string, step: string): ExecLine[] {
  return log.filter((l) => l.host === host && l.step === step);
}

/** Lines of `step` in the order the hosts started it. */
export function stepOrder(log: readonly ExecLine[], step: string): ExecLine[] {
  return log.filter((l) => l.step === step).sort((a, b) => (a.ns < b.ns ? -1 : 1));
}
