/**
 * What terminals publish, as zod schemas the console validates every message against. The shapes
 * come from the terminal's own types (electron/core/fleet): each schema is checked against them at
 * compile time, so a change on the terminal side that the console does not follow fails the build.
 *
 * Fields the terminal core does not send yet (site, outbox oldest/held/undecryptable, watchdog
 * restarts, damaged databases) are optional extensions: the console shows and alerts on them as
 * soon as a terminal sends them, and falls back to what it can derive (events, queue progress).
 */
import { z } from 'zod';
import type { AckStatus, FleetAck } from '../../../electron/core/fleet/fleet-commands.ts';
import type { Heartbeat } from '../../../electron/core/fleet/heartbeat.ts';

const isoTime = z.iso.datetime({ offset: true });
const terminalId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const statusMessageSchema = z.object({
  terminalId,
  state: z.enum(['online', 'offline']),
  at: isoTime,
  appVersion: z.string().max(100).optional(),
  reason: z.string().max(200).optional(),
});
export type StatusMessage = z.infer<typeof statusMessageSchema>;

const deviceSummary = z.object({
  device: z.string().max(64),
  state: z.string().max(32),
  reason: z.string().max(500).optional(),
  flags: z.array(z.string().max(64)).max(32).optional(),
});

const queueSchema = z.union([
  z.object({
    pending: z.number().int().min(0),
    failed: z.number().int().min(0),
    /** Extension: enqueue time of the oldest undelivered submission. */
    oldestPendingAt: isoTime.optional(),
    /** Extension: streams held back (ordering per case, waiting for staff). */
    held: z.number().int().min(0).optional(),
    /** Extension: items sealed with a key this terminal does not have. */
    undecryptable: z.number().int().min(0).optional(),
  }),
  z.object({ error: z.string().max(500) }),
]);

/** The config's `site` section as a terminal reports it (heartbeat, monthly report): only what is set. */
export const siteSchema = z.object({ region: z.string().max(100).optional(), hall: z.string().max(100).optional(), tags: z.array(z.string().max(50)).max(20).optional() });

export const heartbeatSchema = z.object({
  terminalId,
  at: isoTime,
  appVersion: z.string().max(100),
  configVersion: z.string().max(100),
  uptimeSeconds: z.number().min(0),
  serviceMode: z.object({ mode: z.enum(['in-service', 'out-of-service']), since: z.string().max(64), by: z.string().max(100).optional() }),
  devices: z.array(deviceSummary).max(64),
  queue: queueSchema,
  disk: z.union([z.object({ freeBytes: z.number().min(0), totalBytes: z.number().min(0) }), z.object({ error: z.string().max(500) })]),
  lastError: z.object({ at: z.string().max(64), message: z.string().max(2000), scope: z.string().max(100).optional() }).nullable(),
  auditHead: z.object({ seq: z.number().int().min(0), hash: z.string().max(128) }).optional(),
  droppedLogLines: z.number().int().min(0).optional(),
  /** Extension: where the terminal stands. */
  site: siteSchema.optional(),
  /** Unplanned restarts by the watchdog in the last 60 minutes (WATCHDOG_RESTART_WINDOW_MINUTES). */
  watchdogRestarts: z.number().int().min(0).optional(),
  /** Extension: databases found damaged and moved aside (file names only). */
  databasesMovedAside: z.array(z.string().max(200)).max(20).optional(),
});
export type HeartbeatMessage = z.infer<typeof heartbeatSchema>;

export const eventMessageSchema = z
  .object({ type: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/), at: isoTime })
  .catchall(z.unknown());
export type EventMessage = z.infer<typeof eventMessageSchema>;

const ackStatus = z.enum(['accepted', 'done', 'failed', 'rejected'] satisfies AckStatus[]);
export const ackMessageSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  type: z.string().max(64).optional(),
  status: ackStatus,
  at: isoTime,
  detail: z.string().max(2000).optional(),
  result: z.record(z.string(), z.unknown()).optional(),
});
export type AckMessage = z.infer<typeof ackMessageSchema>;

export const logChunkSchema = z.object({
  requestId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  part: z.number().int().min(1),
  parts: z.number().int().min(1).max(1024),
  encoding: z.literal('base64'),
  data: z.string().max(128 * 1024),
});
export type LogChunk = z.infer<typeof logChunkSchema>;

// Compile-time checks: every message the terminal's code can build passes these schemas' types.
type Assignable<T, U> = [T] extends [U] ? true : false;
const _heartbeatFits: Assignable<Heartbeat, z.input<typeof heartbeatSchema>> = true;
const _ackFits: Assignable<FleetAck, z.input<typeof ackMessageSchema>> = true;
void _heartbeatFits;
void _ackFits;
