/**
 * What citizens read while the terminal is out of service: set by staff or by a signed fleet command,
 * shown by the screen and by the shells' static out-of-service page.
 */
export interface OutOfServiceText {
  'zh-CN': string;
  'en-US': string;
}

export const DEFAULT_OUT_OF_SERVICE_TEXT: OutOfServiceText = {
  'zh-CN': '本机暂停服务，请使用其他终端或前往服务窗口办理。',
  'en-US': 'This terminal is out of service. Please use another terminal or a service counter.',
};
