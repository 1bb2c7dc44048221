/** Wording of the A4 credit report per locale (printed by the core, so it lives beside the layout). */
import type { Locale } from '../../../contract/kiosk-api.ts';
import type { CreditRecord } from '../../upstream/upstream-client.ts';

type Category = CreditRecord['entries'][number]['category'];

export interface ReportStrings {
  lang: string;
  title: string;
  subtitle: string;
  reportNo: string;
  subject: string;
  name: string;
  idNumber: string;
  status: string;
  statusValues: Record<CreditRecord['status'], string>;
  records: string;
  columns: { category: string; title: string; authority: string; date: string };
  noRecords: string;
  categories: Record<Category, string>;
  queriedAt: string;
  terminal: string;
  verify: string;
  verifyUrl: string;
  notice: string;
}

const zhCN: ReportStrings = {
  lang: 'zh-CN',
  title: '个人信用信息查询报告',
  subtitle: '自助终端打印',
  reportNo: '报告编号',
  subject: '查询对象',
  name: '姓名',
  idNumber: '证件号码',
  status: '信用状况',
  statusValues: { good: '良好', warning: '关注', dishonest: '失信' },
  records: '信用记录',
  columns: { category: '类别', title: '事项', authority: '认定部门', date: '日期' },
  noRecords: '无不良信用记录',
  categories: {
    'red-list': '守信红名单',
    'black-list': '失信黑名单',
    commitment: '信用承诺',
    penalty: '行政处罚',
    license: '行政许可',
  },
  queriedAt: '查询时间',
  terminal: '终端编号',
  verify: '扫描二维码核验报告真伪',
  verifyUrl: '核验地址',
  notice: '本报告仅反映查询时点的信用信息，以核验页面显示内容为准。',
};

const enUS: ReportStrings = {
  lang: 'en',
  title: 'Personal Credit Information Report',
  subtitle: 'Printed at a self-service terminal',
  reportNo: 'Report No.',
  subject: 'Subject',
  name: 'Name',
  idNumber: 'ID number',
  status: 'Credit status',
  statusValues: { good: 'Good', warning: 'Attention', dishonest: 'Dishonest' },
  records: 'Credit records',
  columns: { category: 'Category', title: 'Matter', authority: 'Authority', date: 'Date' },
  noRecords: 'No adverse credit records',
  categories: {
    'red-list': 'Trustworthy list',
    'black-list': 'Dishonest list',
    commitment: 'Credit commitment',
    penalty: 'Administrative penalty',
    license: 'Administrative licence',
  },
  queriedAt: 'Queried at',
  terminal: 'Terminal',
  verify: 'Scan the QR code to verify this report',
  verifyUrl: 'Verification address',
  notice: 'This report reflects the credit information at the time of the query; the verification page prevails.',
};

export const reportStrings: Record<Locale, ReportStrings> = { 'zh-CN': zhCN, 'en-US': enUS };
