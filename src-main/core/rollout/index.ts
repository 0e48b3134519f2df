/**
 * The event-sourced rollout core (pure).
 *
 * State is never stored, only derived: `state = replay(events)` (or `events.reduce(evolve,
 * initialState)`). `decide(state, command, now)` turns a command into events or a refusal
 * with a reason; it never throws and a refusal emits nothing.
 *
 * The engine's loop (runtime/) is, in full:
 *
 * ```ts
 * let state = replay(journal.loadedEvents());
 * journal.append(decide(state, { type: 'recover' }, clock()).events); // crash -> in doubt
 * for (;;) {
 *   for (const item of nextWork(state, clock())) {
 *     const d = decide(state, workCommand(item), clock());
 *     if (!d.ok) continue;              // the state moved on (operator paused, ...): fine
 *     await journal.append(d.events);   // fsync BEFORE the effect it announces
 *     state = d.events.reduce(evolve, state);
 *     if (item.kind === 'runStep') launch(item); // effect; its end -> recordStepResult
 *   }
 *   await nextOf(stepFinished, gateResult, operatorCommand, timerAt(nextWakeAt(state)));
 *   // each of those is a command: decide -> append -> evolve, exactly as above
 * }
 * ```
 *
 * Why it is correct: the items of one `nextWork` call are all accepted when decided in order
 * with nothing decided between them (the property tests check it); `decide` re-checks every
 * rule, so an item made stale by a result or an operator in between is refused rather than
 * acted on; and the journal holds `HostStepStarted` before the command runs, so
 * `recover` finds every step whose end was lost. Step results are always accepted
 * (they are facts), even when paused or halted: the step ran.
 *
 * Lifecycle: created -> running (ring deploys, domain by domain) -> baking -> waiting-promotion
 * -> (Promoted) running on the next ring ... -> completed. A gate `fail` or a blown failure
 * budget halts the ring (no new deploy step ever after), and rolls it back when the ring says
 * rollbackOnHalt. Rollback runs the plan's rollback steps on every host that started a deploy
 * step, rings latest first, domains in reverse order.
 *
 * Performance: `evolve` is pure with structural sharing (a host event copies the hosts
 * record: O(hosts)); `replay` runs the same reducer in place on a state it owns: O(1) per
 * event. Use `replay` for journals, `evolve` for the few events of one decision. The engine
 * uses `decideOwned`: the same decisions, each event evolved once as it is decided, writing
 * the engine's own hosts record in place (O(1) per host event; a refusal is undone). The
 * property tests hold it to `decide` + `evolve` on random command sequences.
 */
export * from './event';
export * from './state';
export * from './commands';
export { evolve, replay, replayStart, replayStep } from './evolve';
export { decide, decideOwned } from './decide';
export { planProblem } from './decide-operator';
export { nextWork, nextWakeAt, workCommand, type WorkItem } from './next-work';
export { eta, overallProgress, type Eta } from './eta';
export { decodeState, encodeState } from './state-codec';
export { failureBudgetLeft, gatesNotPassing, platformGatesNotPassing } from './rules';
export { passphraseChoicesWords, passphraseWaitWords, waitsForPerson } from './waiting-words';
export { RolloutEventSchema, parseRolloutEvent } from './event-schema';
export {
  operatorActions,
  gatesToWatch,
  type OperatorActionId,
  type OperatorActionView,
} from './actions';
export {
  hostSteps,
  stepsByHost,
  rolloutReachedHost,
  runningVersions,
  type HostStepRecord,
  type RunningVersions,
} from './running-versions';
export { promotionOverrideReasons } from './decide-promotion';
export {
  approvalBy,
  approvalsMissing,
  approvalsNeeded,
  countedApprovals,
  needsApprovals,
} from './approvals';
export * from './break-glass';
