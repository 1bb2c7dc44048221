/**
 * zod request schemas of the maintenance methods (see maintenance-api.ts for the results), which
 * their contract-table entries point at (maintenance/maintenance.contract.ts). These are transport limits; the configuration itself is
 * validated by the core against the terminal config schema, so that a refusal names the field.
 */
import { z } from 'zod';

const empty = z.object({}).strict();
const itemId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An override is small (a few KB); this bounds what a call can make the core parse and store. */
export const MAX_CONFIG_OVERRIDE_CHARS = 64 * 1024;

const override = z
  .record(z.string().max(64), z.unknown())
  .refine((value) => (JSON.stringify(value) ?? '').length <= MAX_CONFIG_OVERRIDE_CHARS, 'configuration too large');

const noticeText = z.string().max(200);

export const maintenanceRequestSchemas = {
  /** A tap in a corner hot zone; null: a tap elsewhere after a corner tap (breaks the sequence). */
  staffCornerTap: z.object({ corner: z.enum(['top-left', 'top-right', 'bottom-right', 'bottom-left']).nullable() }).strict(),
  /** Typed on the on-screen PIN pad; only accepted shortly after the corner sequence. */
  staffLogin: z.object({ pin: z.string().regex(/^\d{4,12}$/, 'must be 4 to 12 digits') }).strict(),
  /** Waits for a staff card on the ID-card reader; only accepted shortly after the corner sequence. */
  staffCardLogin: z.object({ timeoutMs: z.number().int().min(5000).max(60_000).default(30_000) }).strict(),
  cancelStaffCardLogin: empty,
  staffLogout: empty,
  /** No staff session needed: the citizen screen asks it at start. */
  getServiceMode: empty,
  getMaintenanceOverview: empty,
  runSelfTest: z
    .object({
      device: z.enum(['printer', 'idCard', 'scanner']),
      /** How long a card read or a scan may wait for the engineer. */
      timeoutMs: z.number().int().min(1000).max(60_000).default(20_000),
    })
    .strict(),
  cancelSelfTest: empty,
  listQueue: z
    .object({
      status: z.enum(['pending', 'failed', 'acknowledged', 'delivered']),
      /** Paging: items after this id (oldest first). */
      afterId: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    })
    .strict(),
  retryQueueItem: z.object({ id: itemId }).strict(),
  acknowledgeQueueItem: z.object({ id: itemId }).strict(),
  /** Looks again at items held for a key this terminal did not have (after the key was put back): one stream, or all. */
  retryHeldItems: z.object({ stream: z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'not a stream name').optional() }).strict(),
  /**
   * Gives up waiting for a lost key: undelivered items no key here opens become failed (kept,
   * counted, listed), so their streams move on. Only once staff have confirmed they read what that means.
   */
  setAsideUnreadable: z.object({ acknowledged: z.literal(true, 'staff must confirm they read what setting aside means') }).strict(),
  /** Staff have seen a gap in the outbox sequence (submissions lost with a replaced database): its alert goes, its record stays. */
  acknowledgeSequenceGap: z.object({ from: itemId, to: itemId }).strict().refine((gap) => gap.from <= gap.to, { message: 'from must not be above to', path: ['to'] }),
  getConfig: empty,
  /** Defaults + this override, checked with every rule of the config schema; nothing is saved. */
  validateConfig: z.object({ override }).strict(),
  /** Replaces the local override (a new config version) when it is valid. */
  applyConfig: z.object({ override, note: z.string().max(200).optional() }).strict(),
  listConfigVersions: empty,
  /** One step back: the version live before the current one. */
  restorePreviousConfig: empty,
  networkTest: empty,
  /** 'usb': the configured export folder (the USB drive's mount point on a terminal). */
  exportLogs: z.object({ target: z.literal('usb') }).strict(),
  exportAudit: z.object({ target: z.literal('usb') }).strict(),
  verifyAudit: empty,
  setServiceMode: z
    .object({
      outOfService: z.boolean(),
      /** Blank or missing languages get the standard notice. */
      message: z.object({ 'zh-CN': noticeText.optional(), 'en-US': noticeText.optional() }).strict().optional(),
    })
    .strict(),
  restartApp: empty,
  /** 日对账 of one China-time day now, as the daily run does after 02:30 for the day before. */
  reconcilePayments: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day such as 2026-12-04') }).strict(),
  /** Orders staff must look at: unsettled long past their limit, a refund not gone through, a wrong paid amount. */
  listPaymentsNeedingStaff: empty,
  /** One settle step now for an order of that list, named by its `ref` (the order number never reaches the screen). */
  requeryPayment: z.object({ ref: z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'not an order reference') }).strict(),
  /** Staff close a wrong paid amount's alert once the channel has confirmed its refund (refused before, with the reason). */
  acknowledgePaymentMismatch: z.object({ ref: z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'not an order reference') }).strict(),
  /** Certificate hand-outs the terminal could not finish by itself ('unknown', 'captured'). */
  listHandOutsToSettle: empty,
  /** Staff record what they found for one of them; the certificate is never handed out again. */
  settleHandOut: z
    .object({
      certificateId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a certificate id'),
      found: z.enum(['handed-out', 'in-bin', 'missing']),
      note: z.string().trim().min(1, 'say what was found').max(200),
    })
    .strict(),
  /** Status and sensors only, unless staff chose to move one blank test card from this slot into the capture bin. */
  dispenserSelfTest: z.object({ dispenseToBinSlot: z.number().int().min(1).max(99).optional() }).strict(),
} as const;

export type MaintenanceMethod = keyof typeof maintenanceRequestSchemas;
