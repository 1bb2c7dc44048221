/** Wording of the citizen-service slips per locale (locales without a set print in zh-CN). */
import type { ProgressStatus } from '../../../contract/service-api.ts';

export interface ServiceReceiptStrings {
  enterpriseTitle: string;
  commitmentTitle: string;
  formTitle: string;
  progressTitle: string;
  trafficTitle: string;
  idPhotoTitle: string;
  guideTitle: string;
  reportNo: string;
  receiptNo: string;
  entityName: string;
  creditCode: string;
  entityType: string;
  legalRepresentative: string;
  matter: string;
  applicant: string;
  submittedAt: string;
  delivery: Record<'delivered' | 'queued', string>;
  status: string;
  progressStatus: Record<ProgressStatus, string>;
  updatedAt: string;
  pickup: string;
  noItems: string;
  plate: string;
  points: string;
  fine: string;
  handled: Record<'yes' | 'no', string>;
  unhandledTotal: (count: number, points: number, fine: number) => string;
  photoAccepted: Record<'yes' | 'no', string>;
  timeLimit: (legal: number, promised: number) => string;
  fees: string;
  free: string;
  materials: string;
  steps: string;
  locations: string;
  yuan: string;
  printedAt: string;
  terminal: string;
  scanProgress: string;
  scanVerify: string;
  scanGuide: string;
}

const zhCN: ServiceReceiptStrings = {
  enterpriseTitle: '企业信用查询回执',
  commitmentTitle: '信用承诺受理回执',
  formTitle: '申请受理回执',
  progressTitle: '办件进度查询结果',
  trafficTitle: '交通违法查询结果',
  idPhotoTitle: '证件照片回执',
  guideTitle: '办事指南',
  reportNo: '报告编号',
  receiptNo: '受理编号',
  entityName: '主体名称',
  creditCode: '统一社会信用代码',
  entityType: '主体类型',
  legalRepresentative: '法定代表人',
  matter: '办理事项',
  applicant: '申请人',
  submittedAt: '提交时间',
  delivery: { delivered: '已提交至受理部门', queued: '已保存，网络恢复后自动提交' },
  status: '办理状态',
  progressStatus: {
    received: '已受理',
    processing: '办理中',
    'needs-materials': '待补正材料',
    approved: '已办结（准予）',
    rejected: '不予办理',
    'ready-for-pickup': '待领取',
    completed: '已办结',
  },
  updatedAt: '更新时间',
  pickup: '领取地点',
  noItems: '未查询到办件',
  plate: '号牌号码',
  points: '记分',
  fine: '罚款',
  handled: { yes: '已处理', no: '未处理' },
  unhandledTotal: (count, points, fine) => `未处理 ${count} 条，合计记分 ${points} 分，罚款 ${fine} 元`,
  photoAccepted: { yes: '照片合格', no: '照片不合格，请重新拍摄' },
  timeLimit: (legal, promised) => `法定时限 ${legal} 个工作日，承诺时限 ${promised} 个工作日`,
  fees: '收费标准',
  free: '不收费',
  materials: '申请材料',
  steps: '办理流程',
  locations: '办理地点',
  yuan: '元',
  printedAt: '打印时间',
  terminal: '终端编号',
  scanProgress: '扫描二维码查询办理进度',
  scanVerify: '扫描二维码核验报告真伪',
  scanGuide: '扫码在手机上查看本指南',
};

const enUS: ServiceReceiptStrings = {
  enterpriseTitle: 'Enterprise Credit Query Receipt',
  commitmentTitle: 'Credit Commitment Receipt',
  formTitle: 'Application Receipt',
  progressTitle: 'Application Progress',
  trafficTitle: 'Traffic Violation Query',
  idPhotoTitle: 'ID Photo Receipt',
  guideTitle: 'Service Guide',
  reportNo: 'Report No.',
  receiptNo: 'Receipt No.',
  entityName: 'Entity',
  creditCode: 'Unified social credit code',
  entityType: 'Entity type',
  legalRepresentative: 'Legal representative',
  matter: 'Matter',
  applicant: 'Applicant',
  submittedAt: 'Submitted at',
  delivery: { delivered: 'Sent to the department', queued: 'Saved; will be sent when the network returns' },
  status: 'Status',
  progressStatus: {
    received: 'Received',
    processing: 'Processing',
    'needs-materials': 'Materials needed',
    approved: 'Approved',
    rejected: 'Rejected',
    'ready-for-pickup': 'Ready for pickup',
    completed: 'Completed',
  },
  updatedAt: 'Updated',
  pickup: 'Pickup at',
  noItems: 'No applications found',
  plate: 'Plate',
  points: 'Points',
  fine: 'Fine',
  handled: { yes: 'Handled', no: 'Not handled' },
  unhandledTotal: (count, points, fine) => `${count} not handled: ${points} points, ${fine} yuan in fines`,
  photoAccepted: { yes: 'Photo accepted', no: 'Photo not accepted, please retake' },
  timeLimit: (legal, promised) => `Legal limit ${legal} working days, promised ${promised}`,
  fees: 'Fees',
  free: 'Free of charge',
  materials: 'Materials',
  steps: 'Steps',
  locations: 'Where',
  yuan: 'yuan',
  printedAt: 'Printed at',
  terminal: 'Terminal',
  scanProgress: 'Scan to check the progress',
  scanVerify: 'Scan to verify this report',
  scanGuide: 'Scan to read this guide on your phone',
};

const SETS: Record<string, ServiceReceiptStrings> = { 'zh-CN': zhCN, 'en-US': enUS };

export const serviceReceiptStrings = (locale: string): ServiceReceiptStrings => SETS[locale] ?? zhCN;
