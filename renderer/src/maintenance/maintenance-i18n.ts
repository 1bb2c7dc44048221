/**
 * The maintenance mode's strings: a namespace of their own ('maintenance', in
 * resources/locales/maintenance/), bundled at build time and added to i18next when first used,
 * so the citizen packs stay free of engineer vocabulary. Languages without a maintenance pack
 * fall back like the rest of the UI (to zh-CN).
 */
import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import enUS from '../../../resources/locales/maintenance/en-US.json';
import zhCN from '../../../resources/locales/maintenance/zh-CN.json';

export const MAINTENANCE_NS = 'maintenance';

const PACKS: Record<string, object> = { 'zh-CN': zhCN, 'en-US': enUS };

export function ensureMaintenanceStrings(i18n: I18n): void {
  for (const [tag, strings] of Object.entries(PACKS)) {
    if (!i18n.hasResourceBundle(tag, MAINTENANCE_NS)) i18n.addResourceBundle(tag, MAINTENANCE_NS, strings, true, false);
  }
}

/** useTranslation for the maintenance namespace, with its strings registered first. */
export function useMaintenanceT() {
  const { i18n } = useTranslation();
  ensureMaintenanceStrings(i18n);
  return useTranslation(MAINTENANCE_NS);
}
