/**
 * Fictitious enterprises, e-licences, applications and vehicles served by the reference upstream
 * for the citizen services. The people are those of sample-records.ts (张三 is the demo card).
 * Every credit code has a valid GB 32100 check character (test/unit/services/credit-code.test.ts).
 */
import type { CreditCategory, CreditStatus } from './sample-records.ts';

export const ZHANG_SAN = '11010519491231002X';
export const LI_SI = '440305198807150015';

export interface SampleEnterprise {
  creditCode: string;
  entityName: string;
  entityType: string;
  legalRepresentative: string;
  registeredAt: string;
  status: CreditStatus;
  entries: { category: CreditCategory; title: string; authority: string; date: string }[];
}

export const sampleEnterprises: readonly SampleEnterprise[] = [
  {
    creditCode: '91110105MA01K3Q7R7',
    entityName: '北京示例科技有限公司',
    entityType: '有限责任公司（自然人投资或控股）',
    legalRepresentative: '王芳',
    registeredAt: '2019-03-12',
    status: 'good',
    entries: [{ category: 'red-list', title: '守信红名单：A级纳税人', authority: '国家税务总局北京市朝阳区税务局', date: '2025-04-10' }],
  },
  {
    creditCode: '92530102MA6N2B5H4T',
    entityName: '昆明市五华区示例小吃店',
    entityType: '个体工商户',
    legalRepresentative: '张三',
    registeredAt: '2021-07-01',
    status: 'warning',
    entries: [{ category: 'penalty', title: '行政处罚：未按规定公示年度报告', authority: '昆明市五华区市场监督管理局', date: '2024-09-18' }],
  },
  {
    creditCode: '91440300MA5G8W1T65',
    entityName: '深圳示例贸易有限公司',
    entityType: '有限责任公司',
    legalRepresentative: '李四',
    registeredAt: '2018-11-20',
    status: 'dishonest',
    entries: [{ category: 'black-list', title: '严重违法失信名单：提交虚假材料取得登记', authority: '深圳市市场监督管理局', date: '2023-06-05' }],
  },
];

export interface SampleLicence {
  /** The whole text of the QR code the provincial app shows. */
  code: string;
  licenceType: string;
  licenceName: string;
  licenceNo: string;
  holderName: string;
  holderIdNumber: string;
  issuer: string;
  validUntil: string;
  status: 'valid' | 'expired' | 'revoked';
  fields: Record<string, string>;
}

const APP = 'https://elicence.example.gov.cn/v/';

export const sampleLicences: readonly SampleLicence[] = [
  {
    code: `${APP}DL-7Q2M9K`,
    licenceType: 'driving-licence',
    licenceName: '机动车驾驶证',
    licenceNo: ZHANG_SAN,
    holderName: '张三',
    holderIdNumber: ZHANG_SAN,
    issuer: '北京市公安局公安交通管理局',
    validUntil: 'long-term',
    status: 'valid',
    fields: { licenceClass: 'C1' },
  },
  {
    code: `${APP}BL-4H8N3P`,
    licenceType: 'business-licence',
    licenceName: '营业执照',
    licenceNo: '92530102MA6N2B5H4T',
    holderName: '张三',
    holderIdNumber: ZHANG_SAN,
    issuer: '昆明市五华区市场监督管理局',
    validUntil: 'long-term',
    status: 'valid',
    fields: { creditCode: '92530102MA6N2B5H4T', entityName: '昆明市五华区示例小吃店' },
  },
  {
    code: `${APP}VL-3R7Y4Z`,
    licenceType: 'vehicle-licence',
    licenceName: '机动车行驶证',
    licenceNo: '京A12345',
    holderName: '张三',
    holderIdNumber: ZHANG_SAN,
    issuer: '北京市公安局公安交通管理局',
    validUntil: '2024-12-31',
    status: 'expired',
    fields: { plateNumber: '京A12345' },
  },
  {
    code: `${APP}HR-6T5W2X`,
    licenceType: 'household-register',
    licenceName: '居民户口簿',
    licenceNo: 'HK440305000123',
    holderName: '李四',
    holderIdNumber: LI_SI,
    issuer: '深圳市公安局南山分局',
    validUntil: 'long-term',
    status: 'valid',
    fields: {},
  },
];

/** A code that the app already refreshed (codes live about a minute): the upstream answers 410. */
export const EXPIRED_LICENCE_CODE = `${APP}DL-EXPIRD`;

export interface SampleApplication {
  receiptNo: string;
  holderIdNumber: string;
  matter: string;
  status: 'received' | 'processing' | 'needs-materials' | 'approved' | 'rejected' | 'ready-for-pickup' | 'completed';
  note: string;
  submittedAt: string;
  updatedAt: string;
  steps: { name: string; done: boolean; at?: string }[];
  pickup?: string;
}

export const sampleApplications: readonly SampleApplication[] = [
  {
    receiptNo: 'BJCY-20260105-000127',
    holderIdNumber: ZHANG_SAN,
    matter: '居住证签注',
    status: 'ready-for-pickup',
    note: '',
    submittedAt: '2026-01-05T10:12:00+08:00',
    updatedAt: '2026-01-09T15:30:00+08:00',
    steps: [
      { name: '受理', done: true, at: '2026-01-05T10:12:00+08:00' },
      { name: '审核', done: true, at: '2026-01-07T09:00:00+08:00' },
      { name: '制证', done: true, at: '2026-01-09T15:30:00+08:00' },
      { name: '领取', done: false },
    ],
    pickup: '市民服务中心一楼 一窗出件窗口',
  },
  {
    receiptNo: 'BJCY-20260112-000388',
    holderIdNumber: ZHANG_SAN,
    matter: '灵活就业人员参保登记',
    status: 'needs-materials',
    note: '请补充银行卡开户证明',
    submittedAt: '2026-01-12T14:40:00+08:00',
    updatedAt: '2026-01-13T11:05:00+08:00',
    steps: [
      { name: '受理', done: true, at: '2026-01-12T14:40:00+08:00' },
      { name: '补正', done: false },
      { name: '办结', done: false },
    ],
  },
];

/**
 * 简易程序 (GA 1.2 / 《道路交通安全违法行为处理程序规定》): a camera-captured violation with a fine of
 * at most 200 元 and no detention may be decided at a self-service terminal; the platform says so
 * per violation (`simple`), with the reason and the counter to go to when not.
 */
export interface SampleViolation {
  violationId: string;
  occurredAt: string;
  location: string;
  behaviour: string;
  points: number;
  fineYuan: number;
  handled: boolean;
  authority: string;
  legalBasis: string;
  /** How it was recorded: 电子监控 (camera) or 现场 (on the spot). */
  capture: 'camera' | 'on-site';
  detention: boolean;
}

export interface SampleVehicle {
  plateNumber: string;
  ownerIdNumber: string;
  violations: SampleViolation[];
}

const CHAOYANG = '北京市公安局公安交通管理局朝阳交通支队';

export const sampleVehicles: readonly SampleVehicle[] = [
  {
    plateNumber: '京A12345',
    ownerIdNumber: ZHANG_SAN,
    violations: [
      { violationId: '1101052511030001', occurredAt: '2025-11-03T08:15:00+08:00', location: '朝阳区示例路与示例街交叉口', behaviour: '机动车违反禁令标志指示', points: 3, fineYuan: 200, handled: false, authority: CHAOYANG, legalBasis: '《中华人民共和国道路交通安全法》第九十条', capture: 'camera', detention: false },
      { violationId: '1101052506210007', occurredAt: '2025-06-21T19:40:00+08:00', location: '东三环示例桥', behaviour: '机动车违反规定停放', points: 0, fineYuan: 200, handled: true, authority: CHAOYANG, legalBasis: '《中华人民共和国道路交通安全法》第九十三条', capture: 'camera', detention: false },
    ],
  },
  { plateNumber: '京AD12345', ownerIdNumber: ZHANG_SAN, violations: [] },
  {
    // To decide here and leave unpaid, then pay later as "decided, fine due": one per run of the traffic e2e (zh-CN, en-US elder).
    plateNumber: '京C34567',
    ownerIdNumber: ZHANG_SAN,
    violations: [
      { violationId: '1101052511200008', occurredAt: '2025-11-20T09:30:00+08:00', location: '朝阳区示例东路', behaviour: '机动车通过有灯控路口时，不按所需行进方向驶入导向车道', points: 2, fineYuan: 50, handled: false, authority: CHAOYANG, legalBasis: '《中华人民共和国道路交通安全法》第九十条', capture: 'camera', detention: false },
      { violationId: '1101052511270015', occurredAt: '2025-11-27T17:45:00+08:00', location: '朝阳区示例西路', behaviour: '机动车通过有灯控路口时，不按所需行进方向驶入导向车道', points: 2, fineYuan: 50, handled: false, authority: CHAOYANG, legalBasis: '《中华人民共和国道路交通安全法》第九十条', capture: 'camera', detention: false },
    ],
  },
  {
    // Two to decide here, one the simple procedure does not cover (fine over 200 元), one on the spot.
    plateNumber: '京B23456',
    ownerIdNumber: ZHANG_SAN,
    violations: [
      { violationId: '1101052510120003', occurredAt: '2025-10-12T07:52:00+08:00', location: '朝阳区示例大街', behaviour: '驾驶机动车不按规定车道行驶', points: 1, fineYuan: 100, handled: false, authority: CHAOYANG, legalBasis: '《中华人民共和国道路交通安全法》第九十条', capture: 'camera', detention: false },
      { violationId: '1101052509300011', occurredAt: '2025-09-30T22:10:00+08:00', location: '京承高速示例段', behaviour: '驾驶中型以上载客载货汽车以外的机动车超过规定时速50%以上', points: 6, fineYuan: 1000, handled: false, authority: CHAOYANG, legalBasis: '《中华人民共和国道路交通安全法》第九十九条', capture: 'camera', detention: false },
      { violationId: '1101052507010005', occurredAt: '2025-07-01T10:20:00+08:00', location: '朝阳区示例北路', behaviour: '机动车违反规定停放、临时停车', points: 0, fineYuan: 200, handled: false, authority: CHAOYANG, legalBasis: '《中华人民共和国道路交通安全法》第九十三条', capture: 'camera', detention: false },
      { violationId: '1101052508150020', occurredAt: '2025-08-15T13:05:00+08:00', location: '朝阳区示例路', behaviour: '驾驶机动车不按规定避让行人', points: 3, fineYuan: 200, handled: false, authority: CHAOYANG, legalBasis: '《中华人民共和国道路交通安全法》第九十条', capture: 'on-site', detention: false },
    ],
  },
];
