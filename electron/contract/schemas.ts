/**
 * zod schemas for every KioskApi request. Each shell validates the payload against these before
 * the core sees it; the renderer only ever imports the *types* derived from them.
 */
import { z } from 'zod';
import type { KioskMethod } from './channels.ts';
import { serviceRequestSchemas } from './service-schemas.ts';
import { maintenanceRequestSchemas } from './maintenance-schemas.ts';

export type { PrintDocument } from './service-schemas.ts';

const empty = z.object({}).strict();

export const sessionEndReasons = [
  'completed',
  'inactivity',
  'card-removed',
  'cancelled',
  'error',
  'backstop',
] as const;

/** Reasons a citizen can give for a bad 好差评 rating (the screen shows them as choices). */
export const evaluationReasons = [
  'too-slow',
  'hard-to-use',
  'unclear-guidance',
  'device-fault',
  'not-resolved',
  'other',
] as const;
export type EvaluationReason = (typeof evaluationReasons)[number];

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
  printCreditReport: z
    .object({
      /** Renderer-generated id; the same job is never printed twice (idempotent). */
      jobId: z.string().uuid(),
    })
    .strict(),
  getDeviceStatus: empty,
  /** Devices the screen owns (the camera, through getUserMedia) report what it found when it opened them. */
  reportDeviceStatus: z
    .object({
      device: z.literal('camera'),
      state: z.enum(['ready', 'absent', 'denied', 'failed']),
      /** The browser's name for the device, e.g. "USB2.0 HD UVC WebCam (0bda:58b0)". */
      label: z.string().max(120).optional(),
      /** The browser's error name, e.g. NotReadableError. */
      reason: z.string().max(120).optional(),
    })
    .strict(),
  ...serviceRequestSchemas,
  submitEvaluation: z
    .object({
      /** A service id of the catalogue, e.g. 'credit-query'. */
      serviceId: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
      /** What is rated (e.g. the report or receipt number); one evaluation per transaction. */
      transactionId: z.string().regex(/^[A-Za-z0-9._:-]{8,64}$/, 'must be 8-64 letters, digits or . _ : -'),
      /** 1 very dissatisfied (非常不满意) … 5 very satisfied (非常满意). */
      rating: z.number().int().min(1).max(5),
      /** Why: required for a rating of 1 or 2 (差评). */
      reasons: z.array(z.enum(evaluationReasons)).max(evaluationReasons.length).optional(),
      comment: z.string().max(300).optional(),
    })
    .strict()
    .refine((r) => r.rating > 2 || (r.reasons?.length ?? 0) > 0, {
      message: 'at least one reason is required for a rating of 2 or less',
      path: ['reasons'],
    }),
  getNetworkState: empty,
  ...maintenanceRequestSchemas,
} as const satisfies Record<KioskMethod, z.ZodType>;

export type KioskRequestSchemas = typeof requestSchemas;
/** What a caller passes (defaults may be omitted). */
export type KioskRequestInput<M extends KioskMethod> = z.input<KioskRequestSchemas[M]>;
/** What a handler receives after validation (defaults applied). */
export type KioskRequest<M extends KioskMethod> = z.output<KioskRequestSchemas[M]>;
export type SessionEndReason = (typeof sessionEndReasons)[number];
