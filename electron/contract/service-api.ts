/**
 * Result and event types of the citizen services (issue 5): enterprise credit, credit commitment,
 * form filling, e-licence, progress query, service guides, call staff and the police tiles.
 * Re-exported by kiosk-api.ts; kept apart so the foundation contract stays readable.
 *
 * Content that the hall's resources provide (guides, commitment texts, form labels) arrives as
 * LocalizedText: the screen shows text[locale] ?? text['zh-CN']. A hall adds a minority language
 * by adding its locale key to the resource files, without code changes.
 *
 * Personal data: masked everywhere, with one exception: a form the citizen is filling carries the
 * prefilled values (the full ID number included) in FormSession.values, because the citizen must
 * be able to check and correct them. Fields marked `sensitive` are shown masked until the citizen
 * taps "show", and masked on the review page.
 */
import type { PrintResult } from './kiosk-api.ts';

/** The services a terminal can offer (the config's services.enabled lists a subset). */
export type ServiceId =
  | 'credit-query'
  | 'credit-commitment'
  | 'form-filling'
  | 'e-licence'
  | 'progress-query'
  | 'service-guide'
  | 'id-photo'
  | 'traffic-violation';

/** Text in several locales; 'zh-CN' is always present. */
export type LocalizedText = { readonly 'zh-CN': string } & { readonly [locale: string]: string };

// ---------------------------------------------------------------------------------------------
// Enterprise credit (信用查询 · 企业)

export interface EnterpriseCreditView {
  reportNo: string;
  /** The 18-character unified social credit code, normalised to upper case (public information). */
  creditCode: string;
  entityName: string;
  /** e.g. '有限责任公司', '个体工商户', as the registry states it. */
  entityType: string;
  /** Public registry information, shown in full. */
  legalRepresentative: string;
  /** YYYY-MM-DD */
  registeredAt: string;
  status: 'good' | 'warning' | 'dishonest';
  entries: { category: 'red-list' | 'black-list' | 'commitment' | 'penalty' | 'license'; title: string; authority: string; date: string }[];
  queriedAt: string;
  /** URL encoded in the printed report's verification QR code. */
  verifyUrl: string;
}

// ---------------------------------------------------------------------------------------------
// Submissions (credit commitment, forms): one receipt shape

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

// ---------------------------------------------------------------------------------------------
// Credit commitment (信用承诺 / 告知承诺)

export interface CommitmentMatterSummary {
  matterId: string;
  /** Text version; submitCommitment must name the version the citizen saw. */
  version: string;
  title: LocalizedText;
  authority: LocalizedText;
}

export interface CommitmentMatter extends CommitmentMatterSummary {
  intro: LocalizedText;
  /** The commitments themselves, shown as a numbered list; all must be read before signing. */
  clauses: LocalizedText[];
  /** What follows a false commitment (失信后果); shown highlighted. */
  consequences: LocalizedText;
  /** The citizen signs on the touch screen (PNG data URL in submitCommitment). */
  signatureRequired: boolean;
}

// ---------------------------------------------------------------------------------------------
// Form filling (自助填表 / 一表通用)

export type FormFieldType =
  | 'text'
  | 'textarea'
  | 'digits'
  | 'phone'
  | 'id-number'
  | 'credit-code'
  | 'date'
  | 'select'
  | 'radio'
  | 'checkbox';

/** Which on-screen keyboard the field opens. */
export type FormKeyboard = 'pinyin' | 'digits' | 'id-number' | 'alphanumeric' | 'none';

/** Where a prefilled value comes from: the session's ID card or a verified e-licence. */
export type FormPrefillSource =
  | 'idCard.name'
  | 'idCard.gender'
  | 'idCard.nation'
  | 'idCard.birthDate'
  | 'idCard.address'
  | 'idCard.idNumber'
  | `eLicence.${string}`;

export interface FormFieldView {
  id: string;
  type: FormFieldType;
  label: LocalizedText;
  hint?: LocalizedText;
  required: boolean;
  minLength?: number;
  maxLength?: number;
  /** A regular expression (JavaScript, 'u' flag) the whole value must match, and its message. */
  pattern?: { regex: string; message: LocalizedText };
  /** For 'date': YYYY-MM-DD bounds; 'today' is resolved by the core to a date. */
  minDate?: string;
  maxDate?: string;
  /** select / radio: the allowed values. checkbox: a single option whose value means "ticked". */
  options?: { value: string; label: LocalizedText }[];
  keyboard: FormKeyboard;
  prefill?: FormPrefillSource;
  /** Show masked (e.g. the ID number) until the citizen taps "show"; masked on the review page. */
  sensitive: boolean;
  /** A prefilled value from the ID card cannot be edited (the card is authoritative). */
  lockedWhenPrefilled: boolean;
}

export interface FormSectionView {
  id: string;
  title: LocalizedText;
  fields: FormFieldView[];
}

export interface FormSummary {
  formId: string;
  version: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** True when the form needs the ID card read first (it prefills from it). */
  requiresIdCard: boolean;
}

export interface FormSchemaView extends FormSummary {
  sections: FormSectionView[];
}

export interface FormSession {
  form: FormSchemaView;
  /** Field id → value; prefilled values included (see the file comment about the ID number). */
  values: Record<string, string>;
  /** Ids of the fields that were prefilled, and from where. */
  prefilled: { field: string; source: FormPrefillSource }[];
}

export type FormErrorCode =
  | 'required'
  | 'min-length'
  | 'max-length'
  | 'pattern'
  | 'id-number'
  | 'credit-code'
  | 'phone'
  | 'date'
  | 'date-range'
  | 'option'
  | 'unknown-field'
  | 'locked';

export interface FormFieldError {
  field: string;
  code: FormErrorCode;
  /** Numbers for the message, e.g. { min: 2 } or { max: 50 }; dates for 'date-range'. */
  params?: Record<string, string | number>;
  /** A form-specific message from the schema (pattern rules), else the screen uses code + params. */
  message?: LocalizedText;
}

export interface FormValidation {
  valid: boolean;
  errors: FormFieldError[];
}

// ---------------------------------------------------------------------------------------------
// E-licence (扫码亮证 / 免证办)

export interface ELicenceView {
  /** e.g. 'resident-id', 'driving-licence', 'business-licence', 'household-register'. */
  licenceType: string;
  licenceName: LocalizedText;
  holderName: string;
  licenceNoMasked: string;
  issuer: string;
  /** YYYY-MM-DD or 'long-term'. */
  validUntil: string;
  status: 'valid' | 'expired' | 'revoked';
  /** Whether the licence belongs to the citizen whose ID card was read; null when no card was read. */
  matchesCardHolder: boolean | null;
  verifiedAt: string;
  /** Form fields this licence can prefill (kept in the core for this session). */
  prefillKeys: string[];
}

// ---------------------------------------------------------------------------------------------
// Progress query (办件查询)

export type ProgressStatus =
  | 'received'
  | 'processing'
  | 'needs-materials'
  | 'approved'
  | 'rejected'
  | 'ready-for-pickup'
  | 'completed';

export interface ProgressItem {
  receiptNo: string;
  /** The matter's name as the upstream states it. */
  matter: string;
  status: ProgressStatus;
  /** Upstream's explanation (e.g. which material is missing); may be empty. */
  note: string;
  submittedAt: string;
  updatedAt: string;
  steps: { name: string; done: boolean; at?: string }[];
  /** Where to collect the result (一窗出件), when status is 'ready-for-pickup'. */
  pickup?: string;
}

export interface ProgressView {
  /** Masked holder name when found by ID card, else ''. */
  holderNameMasked: string;
  items: ProgressItem[];
  queriedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Service guides (办事指南)

export interface GuideTheme {
  themeId: string;
  title: LocalizedText;
  description?: LocalizedText;
  icon: string;
}

export interface GuideSummary {
  guideId: string;
  themeId: string;
  title: LocalizedText;
  summary: LocalizedText;
  /** A kiosk service that does this matter here and now (a "start" button), when there is one. */
  serviceId?: ServiceId;
}

export interface ServiceGuide extends GuideSummary {
  materials: { name: LocalizedText; copies: number; original: boolean; eLicenceAccepted: boolean; note?: LocalizedText }[];
  steps: { title: LocalizedText; detail?: LocalizedText }[];
  timeLimit: { legalDays: number; promisedDays: number; note?: LocalizedText };
  fees: { free: boolean; items: { name: LocalizedText; amountYuan: number }[]; note?: LocalizedText };
  locations: { name: LocalizedText; address: LocalizedText; hours: LocalizedText; phone?: string }[];
  basis: LocalizedText[];
  /** Encode as a QR code: the same guide on the citizen's phone. */
  phoneUrl: string;
  updatedAt: string;
}

export interface GuideIndex {
  themes: GuideTheme[];
  guides: GuideSummary[];
}

// ---------------------------------------------------------------------------------------------
// Call staff (帮办代办)

export interface StaffCallView {
  callId: string;
  calledAt: string;
  /** True when a call from this session was already open: staff are on their way. */
  alreadyCalled: boolean;
}

export interface StaffCallEvent {
  callId: string;
  state: 'called' | 'cancelled';
  terminalId: string;
  serviceId?: string;
  screen?: string;
  at: string;
}

// ---------------------------------------------------------------------------------------------
// Police tiles (交通违法查询, 证件照上传)

export interface TrafficViolationView {
  plateNumber: string;
  items: {
    occurredAt: string;
    location: string;
    behaviour: string;
    points: number;
    fineYuan: number;
    handled: boolean;
    authority: string;
  }[];
  unhandledCount: number;
  totalPoints: number;
  totalFineYuan: number;
  queriedAt: string;
}

export interface IdPhotoResult {
  /** The photo-receipt number (照片回执号), printed on the slip; '' when the photo was refused. */
  receiptNo: string;
  accepted: boolean;
  checks: { check: 'face' | 'background' | 'size' | 'exposure' | 'format'; passed: boolean }[];
  submittedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Scanner feedback

/** A code was scanned but could not be used: the screen asks the citizen to scan again. */
export interface ScanRejectedEvent {
  /**
   * Scanner-level: 'empty', 'too-long', 'binary' (not text), 'undecodable' (bad UTF-8/GB18030),
   * 'malformed-report' (HID). Service-level: 'not-a-receipt' (a code that is no receipt QR).
   */
  reason: 'empty' | 'too-long' | 'binary' | 'undecodable' | 'malformed-report' | 'not-a-receipt';
}

/** Results of the service methods, merged into KioskResults. */
export interface ServiceResults {
  queryEnterpriseCredit: EnterpriseCreditView;
  listCommitmentMatters: CommitmentMatterSummary[];
  getCommitmentMatter: CommitmentMatter;
  submitCommitment: SubmissionReceiptView;
  listForms: FormSummary[];
  startForm: FormSession;
  validateForm: FormValidation;
  submitForm: SubmissionReceiptView;
  scanELicence: ELicenceView;
  verifyELicence: ELicenceView;
  cancelScan: { cancelled: boolean };
  queryProgress: ProgressView;
  listGuides: GuideIndex;
  getGuide: ServiceGuide;
  callStaff: StaffCallView;
  cancelStaffCall: { cancelled: boolean };
  queryTrafficViolations: TrafficViolationView;
  uploadIdPhoto: IdPhotoResult;
  printServiceReceipt: PrintResult;
}

/** Events of the services, merged into KioskEvents. */
export interface ServiceEvents {
  staffCall: StaffCallEvent;
  scanRejected: ScanRejectedEvent;
}
