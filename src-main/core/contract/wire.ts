/**
 * WebSocket wire format of the browser bridge:
 * client -> server `{id, method, params}`; server -> client `{id, result}` | `{id, error}`
 * and `{push, payload}`.
 */
import { z } from 'zod';

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
]);
export type WireServerMessage =
  | { id: number; result: unknown }
  | { id: number; error: string }
  | { push: string; payload: unknown };
