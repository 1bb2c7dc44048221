/**
 * 自助取证's upstream call: the finished certificates waiting for the card holder in this
 * terminal's dispenser (the platform knows which slot staff loaded each into, by X-Terminal-Id).
 */
import { z } from 'zod';
import { CERTIFICATE_KINDS } from '../../../contract/services/certificate-pickup/certificate-pickup.contract.ts';
import { postJson, type Subject } from '../../upstream/json-calls.ts';
import type { CallOptions, UpstreamClient } from '../../upstream/upstream-client.ts';

export const waitingCertificatesSchema = z.object({
  certificates: z
    .array(
      z.object({
        certificateId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
        kind: z.enum(CERTIFICATE_KINDS),
        title: z.string().min(1).max(50),
        issuedBy: z.string().min(1).max(100),
        readyAt: z.string().min(1),
        /** The number the dispenser's reader finds on the card; checked before the card leaves. */
        certificateNumber: z.string().min(1).max(64),
        slot: z.number().int().min(1).max(99),
      }),
    )
    .max(20),
});
export type WaitingCertificatesRecord = z.output<typeof waitingCertificatesSchema>;
export type WaitingCertificate = WaitingCertificatesRecord['certificates'][number];

export function waitingCertificates(client: UpstreamClient, subject: Subject, options: CallOptions = {}): Promise<WaitingCertificatesRecord> {
  return postJson(client, '/api/v1/certificates/waiting', subject, waitingCertificatesSchema, { ...options, secrets: [subject.idNumber] });
}

/** The outbox item that tells the platform a certificate left the dispenser and was taken. */
export const HANDOUT_STREAM = 'certificate-handouts';
export const HANDOUT_KIND = 'certificate-handout.v1';
export const handOutKey = (certificateId: string): string => `certificate-handout:${certificateId}`;
