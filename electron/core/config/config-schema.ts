/**
 * The terminal configuration: one zod schema, so the defaults shipped with the app, a local
 * override written by maintenance staff and a remote bundle are all checked by the same rules.
 * Objects are strict: a misspelt key in an override is refused rather than silently ignored.
 */
import { z } from 'zod';
import { STAFF_EDITABLE } from './config-authority.ts';
import { hallSchema } from './hall-schema.ts';
import { fleetSchema, publicKeysSchema, siteSchema, staffSchema, watchdogSchema } from './maintenance-schema.ts';
import { personCheckSchema } from './person-check-schema.ts';
import { upstreamUrlAllowed } from './url-rules.ts';
import { SERVICE_IDS, type ServiceId } from '../../contract/services/shared/service-id.ts';
import { MAX_TAKE_CARD_MS, TAKE_CARD_MS } from '../../contract/services/certificate-pickup/certificate-pickup.contract.ts';

export { SERVICE_IDS, type ServiceId };

export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;
export type BaudRate = (typeof BAUD_RATES)[number];

/** language[-Script][-REGION], the subset of BCP 47 locale packs are named by: zh-CN, ug-CN, zh-Hant-HK. */
export const LOCALE_TAG = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$/;

/** Config version, e.g. '1.4.0' or '2.0.0-rc.1'; compared by fleet tooling, not by the core. */
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/** Site prefix + number, e.g. 'KM-0001' (Kunming), 'DEMO-0001'. */
const TERMINAL_ID = /^[A-Z][A-Z0-9]{1,9}-\d{4,8}$/;

/** devices.dispenser.notTakenSeconds: the contract's hand-out deadline covers the maximum. */
export const NOT_TAKEN_SECONDS = { min: 10, max: MAX_TAKE_CARD_MS / 1000, default: TAKE_CARD_MS / 1000 } as const;

const deviceSchema = z
  .object({
    enabled: z.boolean(),
    /** Serial port path ('/dev/ttyUSB0', 'COM3'); '' means not configured yet. */
    path: z.string(),
    baudRate: z.literal(BAUD_RATES),
  })
  // An enabled device with path '' is allowed: the device manager reports it as not configured
  // and its services show "temporarily unavailable", instead of the whole config being refused.
  .strict();

/** An OS printer for A4 documents (credit reports), reached through the shell: Electron or Chromium + CUPS. */
const a4PrinterSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** CUPS queue / Windows printer name; the system default printer when omitted. */
    printerName: z
      .string()
      // Any visible name (Windows names have spaces); never a leading '-', which lp would read as an option.
      .regex(/^[^\p{Cc}\s-][^\p{Cc}]{0,126}$/u, "must be a printer name (no control characters, not starting with '-')")
      .optional(),
    // No path to a renderer program here: whoever edits the config would choose what runs when a
    // citizen prints. The browser shell finds Chromium in a fixed list of places (chromium-locations.ts).
  })
  .strict();

const timeoutsSchema = z
  .object({
    inactivitySeconds: z.number().int().min(15).max(600).default(60),
    // ≥ 20 s: elderly citizens need time to read the warning, hear it and reach the button.
    warningSeconds: z.number().int().min(20).max(60).default(20),
    // Used instead of warningSeconds while the citizen has elder mode on (slower reading and moving).
    elderWarningSeconds: z.number().int().min(30).max(120).default(30),
    idCardReadSeconds: z.number().int().min(5).max(120).default(30),
  })
  .strict()
  // The warning counts down inside the inactivity period, so it must be shorter.
  .refine((t) => t.warningSeconds < t.inactivitySeconds, {
    message: 'must be less than timeouts.inactivitySeconds',
    path: ['warningSeconds'],
    // Only once both numbers are valid on their own: "3 is too small" is the useful message then.
    when: (payload) => payload.issues.length === 0,
  })
  .meta(STAFF_EDITABLE);

const merchantId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, - or _');

const paymentsSchema = z
  .object({
    // Money requests and their answers: https, plain http only to a gateway on the terminal itself (the demo's).
    gatewayUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine(upstreamUrlAllowed, { message: 'must be https:// (plain http only to 127.0.0.1, ::1 or localhost)', when: (payload) => payload.issues.length === 0 }),
    timeoutMs: z.number().int().min(1000).max(30_000).default(8000),
    /** A micropay the citizen has not confirmed by then is reversed (撤销). */
    micropaySettleSeconds: z.number().int().min(10).max(300).default(60),
    /** How long the terminal's code for the phone can be paid. */
    nativeTtlSeconds: z.number().int().min(60).max(1800).default(300),
    /**
     * The fleet console's public address for the channels' notifications (its payment relay, behind
     * the TLS proxy): channels are told `<notifyBaseUrl>/pay/notify/<channel>/<terminalId>/<notifyTag>`,
     * and the console relays what arrives there to this terminal over the fleet broker. Absent (or
     * without `notifyTag`): queries only.
     */
    notifyBaseUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine(upstreamUrlAllowed, { message: 'must be https:// (plain http only to 127.0.0.1, ::1 or localhost)', when: (payload) => payload.issues.length === 0 })
      .optional(),
    /**
     * This terminal's relay tag (the console derives it from its `console-payment-relay-key`; see
     * console/README.md): it makes the notify URL unguessable, so forged posts stop at the console.
     */
    notifyTag: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be the 22-character tag the console gives for this terminal').optional(),
    wechatPay: z.object({ appId: merchantId, mchId: merchantId }).strict().optional(),
    alipay: z.object({ appId: merchantId }).strict().optional(),
    unionpayQr: z.object({ merId: merchantId }).strict().optional(),
    nonTax: z.object({ appId: merchantId, agencyCode: merchantId }).strict().optional(),
  })
  .strict();

export const terminalConfigSchema = z
  .object({
    version: z.string().regex(SEMVER, 'must look like 1.2.3'),
    terminalId: z.string().min(1).regex(TERMINAL_ID, "must look like 'KM-0001'"),
    // Any locale pack's tag: a hall whose citizens mostly read Uyghur or Tibetan makes it the default.
    locale: z.string().regex(LOCALE_TAG, "must be a locale tag such as 'zh-CN' or 'ug-CN'").default('zh-CN').meta(STAFF_EDITABLE),
    upstream: z
      .object({
        // Citizens' names, ID numbers and addresses go here: https, with the CA and client
        // certificate from the credentials folder (credentials.ts) when present.
        baseUrl: z
          .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
          .refine(upstreamUrlAllowed, {
            message: 'must be https:// (plain http only to 127.0.0.1, ::1 or localhost)',
            // Only for a URL that is valid otherwise: "must be an http(s) URL" says it all for ftp://.
            when: (payload) => payload.issues.length === 0,
          }),
        timeoutMs: z.number().int().min(500).max(60_000).default(8000).meta(STAFF_EDITABLE),
      })
      .strict(),
    services: z
      .object({
        enabled: z
          .array(z.enum(SERVICE_IDS))
          .refine((ids) => new Set(ids).size === ids.length, 'must not list a service twice'),
      })
      .strict()
      .meta(STAFF_EDITABLE),
    devices: z
      .object({
        idCard: deviceSchema,
        printer: deviceSchema,
        scanner: deviceSchema,
        /** The certificate card dispenser (自助取证); absent in older files: off. */
        dispenser: deviceSchema
          .extend({
            /**
             * How long a citizen has to take the card from the mouth before it is captured back into
             * the bin (a hall need: elderly visitors are slower). Bounded by the hand-out call's deadline.
             */
            notTakenSeconds: z.number().int().min(NOT_TAKEN_SECONDS.min).max(NOT_TAKEN_SECONDS.max).default(NOT_TAKEN_SECONDS.default),
          })
          .strict()
          .prefault({ enabled: false, path: '', baudRate: 9600 }),
        a4Printer: a4PrinterSchema.prefault({}),
      })
      .strict()
      .meta(STAFF_EDITABLE),
    timeouts: timeoutsSchema.prefault({}),
    privacy: z
      .object({
        /** Off by default: many readers report removal spuriously while the card is still on the pad. */
        endSessionOnCardRemoval: z.boolean().default(false),
      })
      .strict()
      .prefault({})
      .meta(STAFF_EDITABLE),
    /** The attract screen's hall name, emblem, hotline and card-reader arrow, and the hall's time zone (staff-editable). */
    hall: hallSchema,
    // Unmarked sections below are fleet-only (config-authority.ts): only a signed bundle changes them.
    /** Ed25519 keys whose signed config bundles this terminal accepts (see config-bundle/). */
    publicKeys: publicKeysSchema,
    fleet: fleetSchema,
    /** Region, hall and tags the fleet files this terminal under (fleet authority, see siteSchema). */
    site: siteSchema,
    staff: staffSchema,
    watchdog: watchdogSchema,
    /** 人证核验: required or not, match threshold, liveness floor, tries (fleet authority). */
    personCheck: personCheckSchema,
    /** The outbox (fleet authority): free space kept for delivering the queue, and when a stream that does not move raises an alert. */
    outbox: z
      .object({
        // Delivering grows rows, so new submissions are refused below this much free space. The data
        // volume must hold at least 64 times the reserve (1 GiB at the default): see electron/core/outbox/README.md.
        reserveMiB: z.number().int().min(4).max(1024).default(16),
        // A head not delivered for this long (5xx, timeouts, offline) raises an alert; it is never given up.
        stuckAlertMinutes: z.number().int().min(1).max(7 * 24 * 60).default(30),
      })
      .strict()
      .prefault({}),
    /**
     * Payments (fleet authority): the channels' merchant ids and the payment gateway; their secrets
     * come from the credentials folder by fixed names (credentials.ts), never from here. Absent: no payments.
     */
    payments: paymentsSchema.optional(),
    /** Demo-only switches; loose because the demo launcher owns their meaning. */
    demo: z
      .looseObject({
        simulateDevices: z.boolean().optional(),
        startReferenceUpstream: z.boolean().optional(),
      })
      .optional(),
  })
  .strict();

export type TerminalConfig = z.output<typeof terminalConfigSchema>;
/** What a config file may contain (fields with defaults may be left out). */
export type TerminalConfigInput = z.input<typeof terminalConfigSchema>;
export type DeviceConfig = TerminalConfig['devices']['idCard'];
