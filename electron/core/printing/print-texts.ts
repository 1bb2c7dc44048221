/**
 * The wording of everything the core prints (the credit receipt, the A4 credit report, the service
 * slips), from the print locale packs in resources/locales/print/<tag>.json. They are read and
 * checked when the core starts: zh-CN must be complete (a missing key stops the start, naming the
 * key), and any other pack may be partial: each key it lacks prints in zh-CN.
 *
 * Which pack a document uses is the caller's rule (see resources/locales/README.md): a slip follows
 * the citizen's screen language when a pack exists for it; the official documents follow
 * printLocale() (print-locale.ts), which names zh-CN or en-US only.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Locale } from '../../contract/kiosk-api.ts';
import { parseResource, readJsonResource, ResourceError } from '../services/shared/resource-files.ts';

export const BASE_PRINT_LOCALE = 'zh-CN';

const PACK_FILE = /^([a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?)\.json$/;
const text = z.string().trim().min(1).max(300);

/** A line with named slots, e.g. "未处理 {{count}} 条": a slot the layout does not fill is refused. */
const template = (slots: readonly string[]) =>
  text.refine((value) => [...value.matchAll(/\{\{(\w+)\}\}/g)].every((m) => slots.includes(m[1]!)), {
    message: `may only use the placeholders ${slots.map((s) => `{{${s}}}`).join(', ')}`,
  });

const creditStatus = z.object({ good: text, warning: text, dishonest: text }).strict();
const creditCategories = z.object({ 'red-list': text, 'black-list': text, commitment: text, penalty: text, license: text }).strict();
const yesNo = z.object({ yes: text, no: text }).strict();

const creditReceiptSchema = z
  .object({
    title: text,
    reportNo: text,
    name: text,
    idNumber: text,
    status: text,
    statusValues: creditStatus,
    entries: text,
    noEntries: text,
    categories: creditCategories,
    queriedAt: text,
    terminal: text,
    scanToVerify: text,
  })
  .strict();

const creditReportSchema = z
  .object({
    /** The HTML lang attribute of the report (fonts and hyphenation follow it). */
    lang: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/),
    title: text,
    subtitle: text,
    reportNo: text,
    subject: text,
    name: text,
    idNumber: text,
    status: text,
    statusValues: creditStatus,
    records: text,
    columns: z.object({ category: text, title: text, authority: text, date: text }).strict(),
    noRecords: text,
    categories: creditCategories,
    queriedAt: text,
    terminal: text,
    verify: text,
    verifyUrl: text,
    notice: text,
  })
  .strict();

const slipSchema = z
  .object({
    enterpriseTitle: text,
    commitmentTitle: text,
    formTitle: text,
    progressTitle: text,
    trafficTitle: text,
    idPhotoTitle: text,
    guideTitle: text,
    reportNo: text,
    receiptNo: text,
    entityName: text,
    creditCode: text,
    entityType: text,
    legalRepresentative: text,
    matter: text,
    applicant: text,
    submittedAt: text,
    delivery: z.object({ delivered: text, queued: text }).strict(),
    status: text,
    progressStatus: z
      .object({
        received: text,
        processing: text,
        'needs-materials': text,
        approved: text,
        rejected: text,
        'ready-for-pickup': text,
        completed: text,
      })
      .strict(),
    updatedAt: text,
    pickup: text,
    noItems: text,
    plate: text,
    points: text,
    fine: text,
    handled: yesNo,
    unhandledTotal: template(['count', 'points', 'fine']),
    photoAccepted: yesNo,
    timeLimit: template(['legal', 'promised']),
    fees: text,
    free: text,
    materials: text,
    steps: text,
    locations: text,
    yuan: text,
    printedAt: text,
    terminal: text,
    scanProgress: text,
    scanVerify: text,
    scanGuide: text,
    endorsement: z
      .object({
        title: text,
        permit: text,
        type: text,
        types: z.object({ G: text, L: text, T: text, S: text, Q: text }).strict(),
        validity: template(['months', 'times']),
        validityUnlimited: template(['months']),
        feeDue: template(['fee']),
        feePaid: template(['fee']),
        paymentReference: text,
        whereToPay: text,
      })
      .strict(),
    /** The payment lines (payment-receipt.ts): on the payment slip and on a paid service's slip. */
    payment: z
      .object({
        title: text,
        amount: text,
        /** The amount itself, e.g. "15.00 元": the printer's fonts have no ¥ sign. */
        money: template(['yuan']),
        orderNo: text,
        channel: text,
        transactionNo: text,
        channels: z.object({ 'wechat-pay': text, alipay: text, 'unionpay-qr': text, 'non-tax': text }).strict(),
        keep: text,
      })
      .strict(),
    /** 交通违法处理: the 处罚决定书 (A4 or slip) after the fine is paid. */
    trafficDecision: z
      .object({
        title: text,
        decisionNo: text,
        holder: text,
        plate: text,
        occurredAt: text,
        location: text,
        behaviour: text,
        legalBasis: text,
        decision: template(['fine', 'points']),
        authority: text,
        decidedAt: text,
        paid: text,
        amount: text,
        orderNo: text,
        transactionId: text,
        noticeNo: text,
        notice: text,
        scanResult: text,
      })
      .strict(),
  })
  .strict();

export const printPackSchema = z.object({ creditReceipt: creditReceiptSchema, creditReport: creditReportSchema, slip: slipSchema }).strict();

export type PrintPack = z.output<typeof printPackSchema>;
export type CreditReceiptTexts = PrintPack['creditReceipt'];
export type CreditReportTexts = PrintPack['creditReport'];
export type SlipTexts = PrintPack['slip'];

/** Fills the {{slots}} of a template line; the schema has made sure no other slot is used. */
export const fillTemplate = (line: string, values: Record<string, string | number>): string =>
  line.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The pack laid over zh-CN key by key: what the pack lacks is zh-CN's; what it adds is checked by the schema. */
function overlay(base: Json, pack: Json): Json {
  if (!isObject(base) || !isObject(pack)) return pack;
  const merged: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(pack)) merged[key] = key in base ? overlay(base[key], value) : value;
  return merged;
}

/** Dotted paths of the leaves of `base` that `pack` does not have (the keys printed in zh-CN). */
function missingKeys(base: Json, pack: Json, prefix = ''): string[] {
  if (!isObject(base)) return pack === undefined ? [prefix] : [];
  const own = isObject(pack) ? pack : {};
  return Object.entries(base).flatMap(([key, value]) => missingKeys(value, own[key], prefix ? `${prefix}.${key}` : key));
}

export class PrintTexts {
  readonly #packs: ReadonlyMap<string, PrintPack>;
  readonly #fallbacks: ReadonlyMap<string, readonly string[]>;

  /** Every `<tag>.json` in `dir`; zh-CN is required and complete. */
  static load(dir: string): PrintTexts {
    const basePath = join(dir, `${BASE_PRINT_LOCALE}.json`);
    if (!existsSync(basePath)) throw new ResourceError(`${basePath}: missing: the zh-CN print texts are required`);
    const baseRaw = readJsonResource(basePath);
    const packs = new Map<string, PrintPack>([[BASE_PRINT_LOCALE, parseResource(printPackSchema, baseRaw, basePath)]]);
    const fallbacks = new Map<string, readonly string[]>([[BASE_PRINT_LOCALE, []]]);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const tag = PACK_FILE.exec(name)?.[1];
      if (!tag) throw new ResourceError(`${join(dir, name)}: not a print pack name: must be <locale>.json, like ug-CN.json`);
      if (tag === BASE_PRINT_LOCALE) continue;
      const path = join(dir, name);
      const raw = readJsonResource(path);
      if (!isObject(raw)) throw new ResourceError(`${path}: (root): a print pack is a JSON object`);
      packs.set(tag, parseResource(printPackSchema, overlay(baseRaw, raw), path));
      fallbacks.set(tag, missingKeys(baseRaw, raw));
    }
    return new PrintTexts(packs, fallbacks);
  }

  private constructor(packs: ReadonlyMap<string, PrintPack>, fallbacks: ReadonlyMap<string, readonly string[]>) {
    this.#packs = packs;
    this.#fallbacks = fallbacks;
  }

  /** The languages a slip can print in. */
  get locales(): string[] {
    return [...this.#packs.keys()];
  }

  /** Keys a pack lacks, printed in zh-CN instead (for the hall's translators and the pack tests). */
  fallbackKeys(tag: string): readonly string[] {
    return this.#fallbacks.get(tag) ?? [];
  }

  /** A slip prints in the citizen's screen language when there is a pack for it, else in zh-CN. */
  slip(locale: string): SlipTexts {
    return this.#pack(locale).slip;
  }

  /** Official documents: only the languages printLocale() names (the law requires Chinese otherwise). */
  creditReceipt(locale: Locale): CreditReceiptTexts {
    return this.#pack(locale).creditReceipt;
  }

  creditReport(locale: Locale): CreditReportTexts {
    return this.#pack(locale).creditReport;
  }

  #pack(locale: string): PrintPack {
    return this.#packs.get(locale) ?? this.#packs.get(BASE_PRINT_LOCALE)!;
  }
}
