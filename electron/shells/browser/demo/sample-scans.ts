/**
 * Codes a bench engineer (the simulator panel) or a test shows to the demo's serial scanner. The
 * good ones are the reference upstream's own samples, so they verify; the garbage one is a misread
 * code the driver must refuse.
 */
import { progressUrl } from '../../../core/services/shared/receipt-number.ts';
import { encodeScan, mangledScan } from '../../../../native/simulators/scanner-simulator.ts';
import { sampleApplications, sampleLicences } from '../../../../test/upstream/service-samples.ts';

export const SAMPLE_SCANS = ['e-licence', 'receipt', 'garbage', 'payment-code'] as const;
export type SampleScanName = (typeof SAMPLE_SCANS)[number];

/** The business licence: valid, held by the sample resident, and it fills the business-change form. */
export const SAMPLE_LICENCE_CODE = sampleLicences.find((l) => l.licenceType === 'business-licence')?.code ?? '';

/** An application of the sample resident that is ready for pickup. */
export const SAMPLE_RECEIPT_NO = sampleApplications[0]?.receiptNo ?? '';

/** What the QR on the terminal's own receipts encodes: the upstream's progress page for it. */
export const sampleReceiptQr = (upstreamUrl: string): string => progressUrl(upstreamUrl, SAMPLE_RECEIPT_NO);

/** A fictitious WeChat Pay payment code (18 digits starting 13). */
export const SAMPLE_PAYMENT_CODE = '134567890123456789';

export const isSampleScan = (name: unknown): name is SampleScanName => SAMPLE_SCANS.includes(name as SampleScanName);

/** The bytes the scanner puts on the wire for `name`, CR-terminated like a factory-set scanner. */
export function sampleScanBytes(name: SampleScanName, upstreamUrl: string): Uint8Array {
  switch (name) {
    case 'e-licence':
      return encodeScan(SAMPLE_LICENCE_CODE);
    case 'receipt':
      return encodeScan(sampleReceiptQr(upstreamUrl));
    case 'garbage':
      return mangledScan(SAMPLE_LICENCE_CODE);
    case 'payment-code':
      // A WeChat Pay 付款码 of the right shape; the reference payment server charges the demo merchant.
      return encodeScan(SAMPLE_PAYMENT_CODE);
  }
}
