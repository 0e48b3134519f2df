/**
 * WebSocket wire format of the browser bridge:
 * client -> server `{id, method, params}`; server -> client `{id, result}` | `{id, error}`
 * and `{push, payload}`. `onSnapshot` may instead arrive as `{push: 'onSnapshot', patch}`
 * against the previous snapshot sent on the same socket (see snapshot-patch.ts).
 */
import { z } from 'zod';
import type { SnapshotPatch } from './snapshot-patch';

export const WireRequestSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  method: z.string().min(1).max(100),
  params: z.unknown().optional(),
});
export type WireRequest = z.infer<typeof WireRequestSchema>;

export const WireServerMessageSchema = z.union([
  z.strictObject({ id: z.number(), result: z.unknown() }),
  z.strictObject({ id: z.number(), error: z.string() }),
  z.strictObject({ push: z.string(), payload: z.unknown() }),
  z.strictObject({ push: z.literal('onSnapshot'), patch: z.unknown() }),
]);
export type WireServerMessage =
  | { id: number; result: unknown }
  | { id: number; error: string }
  | { push: string; payload: unknown }
  | { push: 'onSnapshot'; patch: SnapshotPatch };
