/** The config's `site` section as the heartbeat carries it: only what is set. */
import type { TerminalConfig } from '../config/config-schema.ts';
import type { SiteSummary } from './heartbeat.ts';

export function siteSummary(site: TerminalConfig['site']): SiteSummary {
  return {
    ...(site.region ? { region: site.region } : {}),
    ...(site.hall ? { hall: site.hall } : {}),
    ...(site.tags.length > 0 ? { tags: [...site.tags] } : {}),
  };
}
