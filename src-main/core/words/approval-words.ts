/**
 * Words for promotion approvals, the same in `ringside status`, the console's ring card,
 * refusals and the timeline exports.
 */
import { clockTime } from './clock-time';

/** One approval as the words take it. */
export interface ApprovalView {
  readonly by: string;
  readonly at: number;
  readonly override: string | null;
}

/** `alice at 12:03:07 UTC` (with the override reason when there was one). */
export function approvalWords(a: ApprovalView): string {
  return `${a.by} at ${clockTime(a.at)} UTC${a.override !== null ? ` (override: ${a.override})` : ''}`;
}

/** `alice at 12:03:07 UTC, bob at 12:04:10 UTC`, or `none yet`. */
export function approvalsListWords(approvals: readonly ApprovalView[]): string {
  return approvals.length === 0 ? 'none yet' : approvals.map(approvalWords).join(', ');
}

/** `waiting for 1 more approval` / `waiting for 2 more approvals`. */
export function approvalsWaitingWords(missing: number): string {
  return `waiting for ${missing} more approval${missing === 1 ? '' : 's'}`;
}

/** `needs 2 approvals, has 1 (alice at 12:03:07 UTC)`. */
export function approvalsCountWords(needed: number, counted: readonly ApprovalView[]): string {
  return `needs ${needed} approvals, has ${counted.length}${counted.length > 0 ? ` (${approvalsListWords(counted)})` : ''}`;
}

/** What a person types to approve a ring's promotion from the command line. */
export const APPROVE_PROMOTION_HINT = 'each approver runs: ringside approve-promotion JOURNAL';
