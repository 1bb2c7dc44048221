/**
 * 办事指南: service guides from resources/guides (themes.json + one file per guide). The same
 * files are the single source for the screen, the printed slip and the phone page behind the QR
 * code (the upstream publishes them), so the three never disagree.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { GuideIndex, GuideSummary, GuideTheme, ServiceGuide } from '../../../contract/service-api.ts';
import { SERVICE_IDS } from '../../../contract/services/shared/service-id.ts';
import { localizedTextSchema } from '../shared/localized-text.ts';
import { loadResourceDir, parseResource, readJsonResource, ResourceError } from '../shared/resource-files.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const serviceId = z.enum(SERVICE_IDS);

export const guideThemesSchema = z
  .object({
    themes: z
      .array(
        z
          .object({ themeId: id, title: localizedTextSchema, description: localizedTextSchema.optional(), icon: z.string().min(1).max(32) })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const guideSchema = z
  .object({
    guideId: id,
    themeId: id,
    title: localizedTextSchema,
    summary: localizedTextSchema,
    serviceId: serviceId.optional(),
    materials: z
      .array(
        z
          .object({
            name: localizedTextSchema,
            copies: z.number().int().min(0).max(20).default(1),
            original: z.boolean().default(true),
            /** 免证办: an e-licence shown at the terminal replaces this paper material. */
            eLicenceAccepted: z.boolean().default(false),
            note: localizedTextSchema.optional(),
          })
          .strict(),
      )
      .default([]),
    steps: z.array(z.object({ title: localizedTextSchema, detail: localizedTextSchema.optional() }).strict()).min(1),
    timeLimit: z
      .object({ legalDays: z.number().int().min(0).max(365), promisedDays: z.number().int().min(0).max(365), note: localizedTextSchema.optional() })
      .strict()
      .refine((t) => t.promisedDays <= t.legalDays, { message: 'promisedDays must not exceed legalDays', path: ['promisedDays'] }),
    fees: z
      .object({
        free: z.boolean(),
        items: z.array(z.object({ name: localizedTextSchema, amountYuan: z.number().min(0).max(1_000_000) }).strict()).default([]),
        note: localizedTextSchema.optional(),
      })
      .strict()
      .refine((f) => !f.free || f.items.length === 0, { message: 'a free matter lists no fee items', path: ['items'] }),
    locations: z
      .array(
        z
          .object({
            name: localizedTextSchema,
            address: localizedTextSchema,
            hours: localizedTextSchema,
            phone: z.string().regex(/^[\d-]{5,20}$/).optional(),
          })
          .strict(),
      )
      .min(1),
    basis: z.array(localizedTextSchema).default([]),
    /** Where the phone QR points; default: the upstream's published copy of this guide. */
    phoneUrl: z.url({ protocol: /^https?$/ }).optional(),
    updatedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  })
  .strict();

export type GuideResource = z.output<typeof guideSchema>;
export type GuideThemeResource = GuideTheme;

export interface GuideLibrary {
  themes: GuideTheme[];
  guides: Map<string, GuideResource>;
}

export const THEMES_FILE = 'themes.json';

export function loadGuides(dir: string): GuideLibrary {
  const themesPath = join(dir, THEMES_FILE);
  const themes = existsSync(themesPath) ? parseResource(guideThemesSchema, readJsonResource(themesPath), themesPath).themes : [];
  const guides = loadResourceDir(dir, guideSchema, (g) => g.guideId, [THEMES_FILE]);
  const themeIds = new Set(themes.map((t) => t.themeId));
  for (const guide of guides.values()) {
    if (!themeIds.has(guide.themeId)) {
      throw new ResourceError(`${dir}: guide ${guide.guideId} names theme ${guide.themeId}, which ${THEMES_FILE} does not list`);
    }
  }
  return { themes, guides };
}

const toSummary = (g: GuideResource): GuideSummary => ({
  guideId: g.guideId,
  themeId: g.themeId,
  title: g.title,
  summary: g.summary,
  ...(g.serviceId ? { serviceId: g.serviceId } : {}),
});

export const guideIndex = (library: GuideLibrary): GuideIndex => ({
  themes: library.themes,
  guides: [...library.guides.values()].map(toSummary),
});

/** The published URL of a guide: the phone shows the same content the terminal does. */
export const defaultGuideUrl = (publicBaseUrl: string, guideId: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/guides/${encodeURIComponent(guideId)}`;

export const toGuideView = (g: GuideResource, publicBaseUrl: string): ServiceGuide => ({
  ...toSummary(g),
  materials: g.materials.map((m) => ({
    name: m.name,
    copies: m.copies,
    original: m.original,
    eLicenceAccepted: m.eLicenceAccepted,
    ...(m.note ? { note: m.note } : {}),
  })),
  steps: g.steps,
  timeLimit: g.timeLimit,
  fees: g.fees,
  locations: g.locations,
  basis: g.basis,
  phoneUrl: g.phoneUrl ?? defaultGuideUrl(publicBaseUrl, g.guideId),
  updatedAt: g.updatedAt,
});
