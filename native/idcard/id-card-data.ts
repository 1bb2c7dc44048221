/** A parsed card as the core holds it. Never logged whole: use maskIdNumber for any output. */
import type { IdCardType } from '../../electron/contract/rules/id-number.ts';

export type { IdCardType };

export interface IdCardData {
  cardType: IdCardType;
  /** Chinese name (resident, HMT) or Chinese name if present (foreigner cards). */
  name: string;
  /** English name on foreigner cards. */
  nameEn?: string;
  gender: 'male' | 'female' | 'unknown';
  /** GB 3304 nation name for resident cards; nationality code for foreigner cards. */
  nation: string;
  /** YYYYMMDD */
  birthDate: string;
  address: string;
  idNumber: string;
  issuer: string;
  /** YYYYMMDD */
  validFrom: string;
  /** YYYYMMDD, or 'long-term' for 长期. */
  validTo: string;
  /** HK/Macau/Taiwan permit: pass number; foreigner cards: previous number etc. */
  passNumber?: string;
  /** HMT permit: 签发次数 (times issued); 2023 foreigner card: 换证次数 (times renewed). */
  issueCount?: number;
  /** 2017 foreigner card: 证件版本号 (card version). */
  cardVersion?: string;
  /** 2023 foreigner card: 既往版本外国人永久居留证件号码关联项 (link to the holder's earlier 15-character number). */
  previousIdLink?: string;
  /** The latest address endorsed on the card (30 03), when it has one and the caller asked for it. */
  additionalAddress?: string;
  /** Raw WLT photo bytes (1024); proprietary, decoded only through a pluggable decoder. */
  photoWlt: Uint8Array;
  fingerprint?: Uint8Array;
}
