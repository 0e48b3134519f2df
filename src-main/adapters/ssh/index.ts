/**
 * SSH adapter public API. The engine depends on {@link SshExecutor} only, so it can swap the
 * ssh2 implementation for the simulator's in-process one.
 */
export type {
  ApproveResult,
  Clock,
  ConnectionState,
  Endpoint,
  ExecOptions,
  ExecResult,
  OutputLine,
  OutputStream,
  PassphraseProvider,
  SshExecutor,
  StepBatching,
  StepExecResult,
  StepRecovery,
  StepToken,
} from './types';
export { MAX_PASSPHRASE_ATTEMPTS } from './types';
export { createSshExecutor, type SshExecutorOptions } from './ssh-executor';
export {
  DEFAULT_RETRY,
  backoffDelay,
  nextState,
  type LifecycleEvent,
  type RetryPolicy,
} from './lifecycle';
export {
  checkHostKey,
  findOfferedKey,
  fingerprintOf,
  formatKnownHostsLine,
  knownHostsName,
  parseKeyFileStrict,
  parseKnownHosts,
  type HostKeyCheck,
  type KnownHostEntry,
  type OfferedKeyMatch,
} from './known-hosts';
export {
  parseSshConfig,
  resolveSshConfig,
  type ResolvedSshConfig,
  type SshConfig,
} from './ssh-config';
export { TRUNCATED_MARK } from './line-buffer';
export { reachOf, sshTargetEnv, type HostReach, type TargetEnvOptions } from './target-env';
export { describeExecResult, execCollect, type CollectedExec } from './describe';
