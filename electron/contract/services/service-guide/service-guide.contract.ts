/**
 * 办事指南: the hall's service guides by theme; no card, no session needed to read them.
 */
import { z } from 'zod';
import { method, result, LOCAL_MS } from '../../method.ts';
import { empty, resourceId } from '../shared/request-parts.ts';
import type { ServiceId } from '../shared/service-id.ts';
import type { LocalizedText } from '../shared/service-types.ts';

export interface GuideTheme {
  themeId: string;
  title: LocalizedText;
  description?: LocalizedText;
  icon: string;
}

export interface GuideSummary {
  guideId: string;
  themeId: string;
  title: LocalizedText;
  summary: LocalizedText;
  /** A kiosk service that does this matter here and now (a "start" button), when there is one. */
  serviceId?: ServiceId;
}

export interface ServiceGuide extends GuideSummary {
  materials: { name: LocalizedText; copies: number; original: boolean; eLicenceAccepted: boolean; note?: LocalizedText }[];
  steps: { title: LocalizedText; detail?: LocalizedText }[];
  timeLimit: { legalDays: number; promisedDays: number; note?: LocalizedText };
  fees: { free: boolean; items: { name: LocalizedText; amountYuan: number }[]; note?: LocalizedText };
  locations: { name: LocalizedText; address: LocalizedText; hours: LocalizedText; phone?: string }[];
  basis: LocalizedText[];
  /** Encode as a QR code: the same guide on the citizen's phone. */
  phoneUrl: string;
  updatedAt: string;
}

export interface GuideIndex {
  themes: GuideTheme[];
  guides: GuideSummary[];
}

export const serviceGuideMethods = {
  listGuides: method({
    service: 'service-guide',
    access: 'open',
    enabledBy: ['service-guide'],
    timeoutMs: LOCAL_MS,
    request: empty,
    result: result<GuideIndex>(),
  }),
  getGuide: method({
    service: 'service-guide',
    access: 'open',
    enabledBy: ['service-guide'],
    timeoutMs: LOCAL_MS,
    request: z.object({ guideId: resourceId }).strict(),
    result: result<ServiceGuide>(),
  }),
} as const;
