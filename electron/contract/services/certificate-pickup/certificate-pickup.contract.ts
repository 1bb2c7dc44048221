/**
 * 自助取证: after 人证核验, the citizen's finished certificates waiting in this terminal's
 * dispenser, and the hand-out of one of them. A hand-out that did not happen is an outcome with a
 * reason the screen explains (wrong card, jam, empty slot...), not an API error: the citizen's
 * session goes on and staff get an alert.
 */
import { z } from 'zod';
import { method, result, UPSTREAM_MS } from '../../method.ts';

export const CERTIFICATE_KINDS = ['id-card', 'permit', 'licence'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export interface WaitingCertificateView {
  certificateId: string;
  kind: CertificateKind;
  /** The certificate's name as the issuing authority gives it (居民身份证, 港澳通行证...). */
  title: string;
  issuedBy: string;
  readyAt: string;
  /** The document's number, all but its last four characters masked. */
  numberMasked: string;
}

export interface WaitingCertificatesView {
  certificates: WaitingCertificateView[];
  queriedAt: string;
}

/** Why a certificate was not handed out; the screen has one message for each. */
export const HAND_OUT_REFUSALS = [
  'already-handled',
  'not-in-machine',
  'wrong-card',
  'unreadable',
  'jammed',
  'bin-full',
  'dispenser-busy',
  'dispenser-unavailable',
  'unknown',
] as const;
export type HandOutRefusal = (typeof HAND_OUT_REFUSALS)[number];

export type CertificateHandOutView =
  /** The citizen took the card from the mouth; the upstream is told through the outbox. */
  | { certificateId: string; outcome: 'taken' }
  /** Not taken in time: captured back into the dispenser's bin, staff alerted. */
  | { certificateId: string; outcome: 'not-taken' }
  | { certificateId: string; outcome: 'refused'; reason: HandOutRefusal };

/** How long the citizen has to take the card from the mouth, by default (`devices.dispenser.notTakenSeconds`). */
export const TAKE_CARD_MS = 30_000;
/** The most that setting may be: the hand-out call's deadline is made to cover it. */
export const MAX_TAKE_CARD_MS = 120_000;

export const certificatePickupMethods = {
  listWaitingCertificates: method({
    service: 'certificate-pickup',
    access: 'verified',
    enabledBy: ['certificate-pickup'],
    timeoutMs: UPSTREAM_MS,
    request: z.object({}).strict(),
    result: result<WaitingCertificatesView>(),
  }),
  handOutCertificate: method({
    service: 'certificate-pickup',
    access: 'verified',
    enabledBy: ['certificate-pickup'],
    tally: 'certificate-pickup',
    // Moves and the read-back, the wait at the mouth, and the capture if it is not taken.
    timeoutMs: MAX_TAKE_CARD_MS + 30_000,
    request: z.object({ certificateId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }).strict(),
    result: result<CertificateHandOutView>(),
  }),
} as const;
