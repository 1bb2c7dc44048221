/**
 * Commands the fleet may send, validated before anything runs. Every command carries an id (for
 * acknowledgements and de-duplication: QoS 1 may deliver twice) and may carry an expiry, so a
 * "restart" queued for a terminal that was offline for a day does not fire when it comes back.
 */
import { z } from 'zod';

const COMMAND_ID = /^[A-Za-z0-9_-]{1,64}$/;

const base = {
  id: z.string().regex(COMMAND_ID, 'letters, digits, "_" or "-", at most 64'),
  issuedAt: z.iso.datetime({ offset: true }).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
};

const message = z
  .object({ 'zh-CN': z.string().max(200).optional(), 'en-US': z.string().max(200).optional() })
  .strict();

export const fleetCommandSchema = z.discriminatedUnion('type', [
  z
    .object({
      ...base,
      type: z.literal('reload-config'),
      /** A signed bundle (object or its JSON text); without one the local files are re-read. */
      args: z.object({ bundle: z.unknown().optional() }).strict().optional(),
    })
    .strict(),
  z.object({ ...base, type: z.literal('restart'), args: z.object({ reason: z.string().max(200).optional() }).strict().optional() }).strict(),
  z.object({ ...base, type: z.literal('enter-out-of-service'), args: z.object({ message: message.optional() }).strict().optional() }).strict(),
  z.object({ ...base, type: z.literal('leave-out-of-service'), args: z.object({}).strict().optional() }).strict(),
  z
    .object({
      ...base,
      type: z.literal('request-logs'),
      args: z.object({ maxBytes: z.number().int().min(1024).max(4 * 1024 * 1024).optional() }).strict().optional(),
    })
    .strict(),
]);

export type FleetCommand = z.infer<typeof fleetCommandSchema>;
export type FleetCommandType = FleetCommand['type'];

export type AckStatus = 'accepted' | 'done' | 'failed' | 'rejected';

export interface FleetAck {
  id: string;
  type?: FleetCommandType;
  status: AckStatus;
  at: string;
  detail?: string;
  result?: Record<string, unknown>;
}

export type ParsedCommand =
  | { ok: true; command: FleetCommand }
  | { ok: false; id?: string; detail: string };

export function parseFleetCommand(payload: Buffer | string, now: Date): ParsedCommand {
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString());
  } catch {
    return { ok: false, detail: 'not JSON' };
  }
  const id = typeof (raw as { id?: unknown })?.id === 'string' && COMMAND_ID.test((raw as { id: string }).id) ? (raw as { id: string }).id : undefined;
  const parsed = fleetCommandSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join('.') || '(root)';
    return { ok: false, ...(id ? { id } : {}), detail: `${where}: ${first?.message ?? 'invalid command'}` };
  }
  const { expiresAt } = parsed.data;
  if (expiresAt !== undefined && Date.parse(expiresAt) <= now.getTime()) {
    return { ok: false, id: parsed.data.id, detail: `expired at ${expiresAt}` };
  }
  return { ok: true, command: parsed.data };
}
