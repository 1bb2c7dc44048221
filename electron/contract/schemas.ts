/**
 * zod schemas for every KioskApi request. Each shell validates the payload against these before
 * the core sees it; the renderer only ever imports the *types* derived from them.
 */
import { z } from 'zod';
import type { KioskMethod } from './channels.ts';

const empty = z.object({}).strict();

export const sessionEndReasons = [
  'completed',
  'inactivity',
  'card-removed',
  'cancelled',
  'error',
  'backstop',
] as const;

export const requestSchemas = {
  getTerminalInfo: empty,
  startSession: empty,
  extendSession: empty,
  endSession: z.object({ reason: z.enum(sessionEndReasons) }).strict(),
  readIdCard: z
    .object({
      /** How long to wait for a card to be placed; the renderer shows a countdown meanwhile. */
      timeoutMs: z.number().int().min(1000).max(120_000).default(30_000),
    })
    .strict(),
  cancelIdCardRead: empty,
  queryCredit: z.object({ kind: z.literal('personal') }).strict(),
  printCreditReceipt: z
    .object({
      /** Renderer-generated id; printing the same job twice never prints twice (idempotent). */
      jobId: z.string().uuid(),
    })
    .strict(),
  getDeviceStatus: empty,
} as const satisfies Record<KioskMethod, z.ZodType>;

export type KioskRequestSchemas = typeof requestSchemas;
/** What a caller passes (defaults may be omitted). */
export type KioskRequestInput<M extends KioskMethod> = z.input<KioskRequestSchemas[M]>;
/** What a handler receives after validation (defaults applied). */
export type KioskRequest<M extends KioskMethod> = z.output<KioskRequestSchemas[M]>;
export type SessionEndReason = (typeof sessionEndReasons)[number];
