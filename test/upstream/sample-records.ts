/**
 * Fictitious people and their credit entries, served by the reference upstream. Every ID number
 * has a valid GB 11643 check character (checked in test/integration/upstream-reference.test.ts).
 * Anyone not listed gets a clean record: in real life that is the common case.
 */
export type CreditStatus = 'good' | 'warning' | 'dishonest';
export type CreditCategory = 'red-list' | 'black-list' | 'commitment' | 'penalty' | 'license';

export interface SampleEntry {
  category: CreditCategory;
  title: string;
  authority: string;
  /** YYYY-MM-DD */
  date: string;
}

export interface SampleRecord {
  idNumber: string;
  name: string;
  status: CreditStatus;
  entries: SampleEntry[];
}

export const sampleRecords: readonly SampleRecord[] = [
  {
    // Same person as the demo's resident ID card (native/simulators/sample-cards.ts).
    idNumber: '11010519491231002X',
    name: '张三',
    status: 'good',
    entries: [
      { category: 'red-list', title: '守信红名单：A级纳税人', authority: '国家税务总局北京市税务局', date: '2024-04-12' },
      { category: 'commitment', title: '信用承诺：个体工商户登记告知承诺', authority: '北京市朝阳区市场监督管理局', date: '2023-09-01' },
    ],
  },
  {
    idNumber: '440305198807150015',
    name: '李四',
    status: 'warning',
    entries: [
      { category: 'penalty', title: '行政处罚：未按规定公示年度报告，罚款2000元', authority: '深圳市南山区市场监督管理局', date: '2024-11-20' },
      { category: 'commitment', title: '信用承诺：信用修复承诺书', authority: '深圳市南山区发展和改革局', date: '2025-01-08' },
    ],
  },
  {
    idNumber: '330106199203184526',
    name: '王芳',
    status: 'good',
    entries: [
      { category: 'license', title: '行政许可：食品经营许可证', authority: '杭州市西湖区市场监督管理局', date: '2022-06-30' },
      { category: 'red-list', title: '守信红名单：诚信示范个体户', authority: '杭州市西湖区发展和改革局', date: '2024-02-18' },
    ],
  },
  {
    idNumber: '510104197511063314',
    name: '赵强',
    status: 'dishonest',
    entries: [
      { category: 'black-list', title: '失信被执行人：未履行生效法律文书确定的给付义务', authority: '成都市锦江区人民法院', date: '2023-05-16' },
      { category: 'penalty', title: '行政处罚：无证经营，没收违法所得', authority: '成都市锦江区市场监督管理局', date: '2022-12-02' },
    ],
  },
];

export function findSampleRecord(idNumber: string): SampleRecord | undefined {
  return sampleRecords.find((record) => record.idNumber === idNumber);
}
