/**
 * Fictitious cards for the demo and tests. Every person here is invented; the identity numbers are
 * built to pass their checksums (GB 11643 MOD 11-2) so that the happy path is really exercised.
 * The photo bytes are deterministic filler, not a real WLT image.
 */
import type { IdCardData } from '../idcard/id-card-data.ts';

export const WLT_PHOTO_LENGTH = 1024;

/** Deterministic xorshift filler so fixtures are byte-identical on every run. */
export function fillerPhoto(seed: number, length = WLT_PHOTO_LENGTH): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export type SampleCardName = 'resident' | 'hmt' | 'foreign2017' | 'foreign2023';

export const sampleCards: Readonly<Record<SampleCardName, IdCardData>> = {
  resident: {
    cardType: 'resident',
    name: '张三',
    gender: 'female',
    nation: '汉',
    birthDate: '19491231',
    address: '北京市朝阳区示例路1号院2号楼3单元401室',
    idNumber: '11010519491231002X',
    issuer: '北京市公安局朝阳分局',
    validFrom: '20150101',
    validTo: 'long-term',
    photoWlt: fillerPhoto(1),
  },
  hmt: {
    cardType: 'hmt-residence',
    name: '陈美玲',
    gender: 'female',
    nation: '',
    birthDate: '19900307',
    address: '广东省深圳市福田区示例大道88号',
    idNumber: '81000019900307012X',
    issuer: '深圳市公安局',
    validFrom: '20240101',
    validTo: '20290101',
    passNumber: 'H12345678',
    issueCount: 1,
    photoWlt: fillerPhoto(2),
  },
  foreign2017: {
    cardType: 'foreign-permanent-2017',
    name: '史爱丽',
    nameEn: 'SMITH, ALICE',
    gender: 'female',
    nation: 'GBR',
    birthDate: '19750302',
    address: '',
    idNumber: 'GBR310075030220',
    issuer: '3100',
    validFrom: '20180601',
    validTo: '20280531',
    cardVersion: '01',
    photoWlt: fillerPhoto(3),
  },
  foreign2023: {
    cardType: 'foreign-permanent-2023',
    name: '马丁',
    // 44 characters: longer than the 35-character first field, so the extension field is exercised.
    nameEn: 'MARTIN-WILLIAMSON, JONATHAN ALEXANDER EDWARD',
    gender: 'male',
    nation: 'CAN',
    birthDate: '19880615',
    address: '',
    idNumber: '911124198806150031',
    issuer: '',
    validFrom: '20240101',
    validTo: '20340101',
    issueCount: 0,
    previousIdLink: '',
    photoWlt: fillerPhoto(4),
  },
};
