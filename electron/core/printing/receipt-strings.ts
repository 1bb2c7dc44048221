/**
 * Receipt wording per locale. Receipts are printed by the core (not the renderer), so their
 * strings live beside the layout rather than in the renderer's i18n bundle.
 */
import type { Locale } from '../../contract/kiosk-api.ts';

export interface ReceiptStrings {
  creditTitle: string;
  reportNo: string;
  name: string;
  idNumber: string;
  status: string;
  statusValues: Record<'good' | 'warning' | 'dishonest', string>;
  entries: string;
  noEntries: string;
  categories: Record<'red-list' | 'black-list' | 'commitment' | 'penalty' | 'license', string>;
  queriedAt: string;
  terminal: string;
  scanToVerify: string;
}

const zhCN: ReceiptStrings = {
  creditTitle: '个人信用查询回执',
  reportNo: '报告编号',
  name: '姓名',
  idNumber: '证件号码',
  status: '信用状况',
  statusValues: { good: '良好', warning: '关注', dishonest: '失信' },
  entries: '信用记录',
  noEntries: '无不良信用记录',
  categories: {
    'red-list': '守信红名单',
    'black-list': '失信黑名单',
    commitment: '信用承诺',
    penalty: '行政处罚',
    license: '行政许可',
  },
  queriedAt: '查询时间',
  terminal: '终端编号',
  scanToVerify: '扫描二维码核验报告真伪',
};

const enUS: ReceiptStrings = {
  creditTitle: 'Personal Credit Query Receipt',
  reportNo: 'Report No.',
  name: 'Name',
  idNumber: 'ID number',
  status: 'Credit status',
  statusValues: { good: 'Good', warning: 'Attention', dishonest: 'Dishonest' },
  entries: 'Credit records',
  noEntries: 'No adverse credit records',
  categories: {
    'red-list': 'Trustworthy list',
    'black-list': 'Dishonest list',
    commitment: 'Credit commitment',
    penalty: 'Administrative penalty',
    license: 'Administrative licence',
  },
  queriedAt: 'Queried at',
  terminal: 'Terminal',
  scanToVerify: 'Scan the QR code to verify this report',
};

export const receiptStrings: Record<Locale, ReceiptStrings> = { 'zh-CN': zhCN, 'en-US': enUS };
