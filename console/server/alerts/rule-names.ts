/**
 * The rules' names as the mail says them. The same words as the console UI's `rules.*` strings
 * (ui/src/locales; the server may not import UI code): email-message.test.ts checks they agree.
 */
import type { AlertRule } from './alert-rules.ts';

export const RULE_NAMES: Record<'zh-CN' | 'en-US', Record<AlertRule, string>> = {
  'zh-CN': {
    offline: '终端离线',
    'paper-out': '缺纸',
    'paper-low': '纸将尽',
    'queue-stuck': '上传队列停滞',
    'database-moved-aside': '数据库损坏已移出',
    'undecryptable-items': '存在无法解密的办件',
    'watchdog-restarts': '看门狗频繁重启',
    'clock-skew': '时钟偏差',
    'payment-relay-failing': '支付通知无法送达终端',
  },
  'en-US': {
    offline: 'terminal offline',
    'paper-out': 'paper out',
    'paper-low': 'paper low',
    'queue-stuck': 'upload queue stuck',
    'database-moved-aside': 'damaged database moved aside',
    'undecryptable-items': 'undecryptable submissions',
    'watchdog-restarts': 'repeated watchdog restarts',
    'clock-skew': 'clock skew',
    'payment-relay-failing': 'payment notifications not reaching the terminal',
  },
};
