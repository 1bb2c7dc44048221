/** Fictitious views the service machines' tests feed in (no real person or business). */
import type {
  CommitmentMatter,
  ELicenceView,
  EnterpriseCreditView,
  FormSchemaView,
  FormSession,
  GuideIndex,
  IdPhotoResult,
  ProgressView,
  ServiceGuide,
  SubmissionReceiptView,
  TrafficViolationView,
} from '../../../../electron/contract/kiosk-api.ts';

export const VALID_CODE = '91350100M000100Y43';

export const enterprise: EnterpriseCreditView = {
  reportNo: 'QY-0001',
  creditCode: VALID_CODE,
  entityName: '示例甲有限公司',
  entityType: '有限责任公司',
  legalRepresentative: '测试乙',
  registeredAt: '2020-01-01',
  status: 'good',
  entries: [],
  queriedAt: '2026-01-01T00:00:00Z',
  verifyUrl: 'https://verify.example.test/QY-0001',
};

export const receipt: SubmissionReceiptView = {
  receiptNo: 'DEMO-0001-20260101-ABC123',
  serviceId: 'credit-commitment',
  title: { 'zh-CN': '示例承诺' },
  delivery: 'queued',
  submittedAt: '2026-01-01T00:00:00Z',
  progressUrl: 'https://gov.example.test/p/DEMO-0001-20260101-ABC123',
};

export const matter = (signatureRequired: boolean): CommitmentMatter => ({
  matterId: 'sample-matter',
  version: '1',
  title: { 'zh-CN': '示例事项' },
  authority: { 'zh-CN': '示例局' },
  intro: { 'zh-CN': '说明' },
  clauses: [{ 'zh-CN': '承诺一' }],
  consequences: { 'zh-CN': '后果' },
  signatureRequired,
});

export const form: FormSchemaView = {
  formId: 'sample-form',
  version: '1',
  title: { 'zh-CN': '示例表' },
  requiresIdCard: true,
  sections: [
    {
      id: 'main',
      title: { 'zh-CN': '信息' },
      fields: [
        { id: 'name', type: 'text', label: { 'zh-CN': '姓名' }, required: true, maxLength: 30, keyboard: 'pinyin', prefill: 'idCard.name', sensitive: false, lockedWhenPrefilled: true },
        { id: 'idNumber', type: 'id-number', label: { 'zh-CN': '号码' }, required: true, maxLength: 18, keyboard: 'id-number', prefill: 'idCard.idNumber', sensitive: true, lockedWhenPrefilled: true },
        { id: 'address', type: 'textarea', label: { 'zh-CN': '地址' }, required: true, minLength: 6, maxLength: 100, keyboard: 'pinyin', sensitive: false, lockedWhenPrefilled: false },
        { id: 'phone', type: 'phone', label: { 'zh-CN': '电话' }, required: true, maxLength: 13, keyboard: 'digits', sensitive: false, lockedWhenPrefilled: false },
        { id: 'since', type: 'date', label: { 'zh-CN': '日期' }, required: false, minDate: '2000-01-01', maxDate: 'today', keyboard: 'digits', sensitive: false, lockedWhenPrefilled: false },
        {
          id: 'reason',
          type: 'select',
          label: { 'zh-CN': '事由' },
          required: true,
          options: [
            { value: 'work', label: { 'zh-CN': '工作' } },
            { value: 'study', label: { 'zh-CN': '学习' } },
          ],
          keyboard: 'none',
          sensitive: false,
          lockedWhenPrefilled: false,
        },
      ],
    },
  ],
};

export const formSession: FormSession = {
  form,
  values: { name: '测试甲', idNumber: '11010519491231002X' },
  prefilled: [
    { field: 'name', source: 'idCard.name' },
    { field: 'idNumber', source: 'idCard.idNumber' },
  ],
};

export const licence: ELicenceView = {
  licenceType: 'business-licence',
  licenceName: { 'zh-CN': '营业执照' },
  holderName: '测试甲',
  licenceNoMasked: '9135****Y43',
  issuer: '示例局',
  validUntil: 'long-term',
  status: 'valid',
  matchesCardHolder: null,
  verifiedAt: '2026-01-01T00:00:00Z',
  prefillKeys: ['creditCode'],
};

export const progress: ProgressView = { holderNameMasked: '', items: [], queriedAt: '2026-01-01T00:00:00Z' };

export const guideIndex: GuideIndex = {
  themes: [{ themeId: 'credit', title: { 'zh-CN': '信用' }, icon: 'credit' }],
  guides: [{ guideId: 'credit-report', themeId: 'credit', title: { 'zh-CN': '报告' }, summary: { 'zh-CN': '摘要' } }],
};

export const guide: ServiceGuide = {
  ...guideIndex.guides[0]!,
  materials: [],
  steps: [],
  timeLimit: { legalDays: 0, promisedDays: 0 },
  fees: { free: true, items: [] },
  locations: [],
  basis: [],
  phoneUrl: 'https://gov.example.test/g/credit-report',
  updatedAt: '2026-01-01',
};

export const photoResult = (accepted: boolean): IdPhotoResult => ({
  receiptNo: accepted ? 'ZP000001' : '',
  accepted,
  checks: [{ check: 'face', passed: accepted }],
  submittedAt: '2026-01-01T00:00:00Z',
});

export const traffic: TrafficViolationView = {
  plateNumber: '京A12345',
  items: [],
  unhandledCount: 0,
  totalPoints: 0,
  totalFineYuan: 0,
  queriedAt: '2026-01-01T00:00:00Z',
};
