/**
 * What a fleet command may ask for: its name and arguments, checked after the signature
 * (signed-command.ts) and before anything runs. A new command is one more entry here plus its
 * handler in fleet-agent.ts; the envelope and its checks stay the same for every command.
 */
import { z } from 'zod';

const citizenText = z.string().trim().min(1).max(200);

/** Out-of-service text is shown to citizens, so it comes in both shipped locales. */
const serviceMessage = z.object({ 'zh-CN': citizenText, 'en-US': citizenText }).strict();

export const fleetCommandBodySchema = z.discriminatedUnion('name', [
  /** A signed bundle (object or its JSON text); without one the local files are re-read. */
  z.object({ name: z.literal('reload-config'), args: z.object({ bundle: z.unknown().optional() }).strict().default({}) }).strict(),
  z.object({ name: z.literal('restart'), args: z.object({ reason: z.string().max(200).optional() }).strict().default({}) }).strict(),
  z.object({ name: z.literal('out-of-service'), args: z.object({ message: serviceMessage }).strict() }).strict(),
  z.object({ name: z.literal('back-in-service'), args: z.object({}).strict().default({}) }).strict(),
  z
    .object({
      name: z.literal('request-logs'),
      args: z.object({ maxBytes: z.number().int().min(1024).max(4 * 1024 * 1024).optional() }).strict().default({}),
    })
    .strict(),
  z.object({ name: z.literal('print-test-receipt'), args: z.object({}).strict().default({}) }).strict(),
  z.object({ name: z.literal('clear-staff-lockout'), args: z.object({}).strict().default({}) }).strict(),
  /** Held outbox items (a stream stopped by a permanent error): send them again, all or one stream. */
  z.object({ name: z.literal('retry-held-items'), args: z.object({ stream: z.string().min(1).max(100).optional() }).strict().default({}) }).strict(),
  /** The terminal's monthly 好差评 report for that month ('YYYY-MM'), published on its reports topic. */
  z.object({ name: z.literal('send-monthly-report'), args: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'use YYYY-MM') }).strict() }).strict(),
]);

export type FleetCommandBody = z.infer<typeof fleetCommandBodySchema>;
export type FleetCommandName = FleetCommandBody['name'];

export const FLEET_COMMAND_NAMES: readonly FleetCommandName[] = fleetCommandBodySchema.options.map((o) => o.shape.name.value);

export type AckStatus = 'accepted' | 'done' | 'failed' | 'rejected';

/** Acks carry the command's nonce as its id: the nonce is what names one signed command. */
export interface FleetAck {
  id: string;
  type?: FleetCommandName;
  status: AckStatus;
  at: string;
  detail?: string;
  result?: Record<string, unknown>;
}

export type ParsedCommandBody = { ok: true; body: FleetCommandBody } | { ok: false; detail: string };

export function parseCommandBody(raw: unknown): ParsedCommandBody {
  const parsed = fleetCommandBodySchema.safeParse(raw);
  if (parsed.success) return { ok: true, body: parsed.data };
  const first = parsed.error.issues[0];
  const where = first?.path.join('.') || '(root)';
  return { ok: false, detail: `command.${where}: ${first?.message ?? 'invalid command'}` };
}
