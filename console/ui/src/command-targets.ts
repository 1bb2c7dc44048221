/**
 * Command targets as staff type them: `*` (every terminal) and `group:<name>` go to the terminals'
 * own groups (config `fleet.groups`, matched by each terminal); `region:`, `hall:`, `tag:` are sites
 * the console resolves to terminal ids when the command is proposed; anything else is a terminal id.
 */
export interface TypedTargets {
  terminals?: string[];
  groups?: string[];
  sites?: string[];
}

const SITE = /^(?:region|hall|tag):/;

export function targetsFrom(text: string): TypedTargets {
  const list = text.split(/[\s,，]+/).filter(Boolean);
  const groups = list.flatMap((e) => (e === '*' ? ['*'] : e.startsWith('group:') ? [e.slice('group:'.length)] : []));
  const sites = list.filter((e) => SITE.test(e));
  const terminals = list.filter((e) => e !== '*' && !e.startsWith('group:') && !SITE.test(e));
  return { ...(terminals.length > 0 ? { terminals } : {}), ...(groups.length > 0 ? { groups } : {}), ...(sites.length > 0 ? { sites } : {}) };
}
