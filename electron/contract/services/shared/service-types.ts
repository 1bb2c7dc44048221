/**
 * Types every citizen service shares: localized resource text, print results, credit entries and
 * the receipt of a submission.
 *
 * Content that the hall's resources provide (guides, commitment texts, form labels) arrives as
 * LocalizedText: the screen shows text[locale] ?? text['zh-CN']. A hall adds a minority language
 * by adding its locale key to the resource files, without code changes.
 */
import type { ServiceId } from './service-id.ts';

/** Text in several locales; 'zh-CN' is always present. */
export type LocalizedText = { readonly 'zh-CN': string } & { readonly [locale: string]: string };

/**
 * What a print call did; printing the same job id twice never prints twice. 'unknown': the job
 * was handed on and no answer came back (it may be on paper), so the screen offers no retry.
 */
export interface PrintResult {
  jobId: string;
  status: 'printed' | 'already-printed' | 'waiting-for-paper' | 'failed' | 'unknown';
  reason?: string;
}

/** The status of an upstream credit record, as the upstream states it. */
export type CreditStatus = 'good' | 'warning' | 'dishonest';

export interface CreditEntry {
  category: 'red-list' | 'black-list' | 'commitment' | 'penalty' | 'license';
  title: string;
  authority: string;
  date: string;
}

export interface SubmissionReceiptView {
  /** Terminal-issued receipt number, printed and encoded in the progress QR; e.g. 'DEMO-0001-20260301-7K3QXZ'. */
  receiptNo: string;
  serviceId: ServiceId;
  /** Title of the matter or form, for the receipt screen. */
  title: LocalizedText;
  /**
   * 'delivered': the upstream has it. 'queued': stored on the terminal and sent when the network
   * returns. Both are a success for the citizen; the screen says which.
   */
  delivery: 'delivered' | 'queued';
  submittedAt: string;
  /** URL for the receipt's progress QR code (办件查询 on the phone or at this terminal). */
  progressUrl: string;
}
