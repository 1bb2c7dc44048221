import type { LocalizedText } from '../../../electron/contract/service-api.ts';

/** A LocalizedText in `tag`, else in the pack's fallback language, else in zh-CN (always present). */
export function pickText(text: LocalizedText | undefined, tag: string, fallback: string): string {
  if (text === undefined) return '';
  return text[tag] ?? text[fallback] ?? text['zh-CN'];
}
