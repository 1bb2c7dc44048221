/**
 * Receipt numbers (受理回执号) the terminal issues for its submissions. They must exist before the
 * upstream has seen the submission (it may be queued offline), so the terminal makes them:
 * terminal id + local date + 6 characters derived from the renderer's submission id. Deriving
 * rather than drawing means a retried submission gets the same number as the first attempt.
 */
import { createHash } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I: read aloud over the counter

export function issueReceiptNo(terminalId: string, submissionId: string, at: Date): string {
  const digest = createHash('sha256').update(submissionId).digest();
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += ALPHABET.charAt((digest[i] as number) % 32);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
  return `${terminalId}-${day}-${suffix}`;
}

/** What the receipt's QR encodes: the progress page for this receipt. */
export const progressUrl = (publicBaseUrl: string, receiptNo: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/p/${encodeURIComponent(receiptNo)}`;

const RECEIPT_NO = /^[A-Za-z0-9][A-Za-z0-9-]{4,38}[A-Za-z0-9]$/;

/**
 * The receipt number in what the citizen typed or scanned: a bare number, or a progress URL
 * (ours, `/p/<no>`, or another channel's with `?receiptNo=`). Undefined when it is neither.
 */
export function extractReceiptNo(input: string): string | undefined {
  const text = input.trim();
  if (RECEIPT_NO.test(text)) return text.toUpperCase();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const fromQuery = url.searchParams.get('receiptNo') ?? url.searchParams.get('r');
  const segments = url.pathname.split('/').filter(Boolean);
  const fromPath = segments.length >= 2 && segments[segments.length - 2] === 'p' ? segments[segments.length - 1] : undefined;
  const candidate = fromQuery ?? (fromPath === undefined ? undefined : decodeURIComponent(fromPath));
  return candidate !== undefined && RECEIPT_NO.test(candidate) ? candidate.toUpperCase() : undefined;
}
