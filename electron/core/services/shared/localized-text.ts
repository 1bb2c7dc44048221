/**
 * Bilingual (or more) content in resource files: { "zh-CN": "…", "en-US": "…", "ug-CN": "…" }.
 * zh-CN is required (the halls' working language); en-US is required for shipped content by the
 * resource tests, not by this schema, so that a hall's own additions may start in Chinese only.
 * Any BCP 47-looking key is accepted: a minority-language pack is just more keys.
 */
import { z } from 'zod';
import type { LocalizedText } from '../../../contract/service-api.ts';

const LOCALE_KEY = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$/;

export const localizedTextSchema = z
  .record(z.string().regex(LOCALE_KEY, 'must be a locale like zh-CN, en-US or ug-CN'), z.string().trim().min(1).max(4000))
  .refine((text) => typeof text['zh-CN'] === 'string', { message: 'zh-CN text is required' })
  .transform((text) => text as LocalizedText);

/** The text in one locale, falling back to zh-CN (receipts, logs for staff). */
export const textIn = (text: LocalizedText, locale: string): string => text[locale] ?? text['zh-CN'];

/** Locales missing from a text: resource tests use it to keep shipped content complete. */
export const missingLocales = (text: LocalizedText, required: readonly string[]): string[] =>
  required.filter((locale) => typeof text[locale] !== 'string');

/** Formats a zod failure of a resource file: path and message only (resources hold no personal data). */
export function describeIssues(error: z.ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
