/**
 * Rollout and command targets named by group, resolved to terminal ids when a rollout or command
 * is prepared, and the ids recorded: a terminal that joins the hall later is not swept into a
 * rollout two people approved for the hall's terminals as they were.
 *
 * - `region:<name>`, `hall:<name>`, `tag:<name>`: the site terminals report in their heartbeat.
 * - `group:<name>` (rollouts only): a group in the terminal's own config `fleet.groups`, known to
 *   the console only for terminals running a config it handed out; the others cannot be placed
 *   and are named, never guessed. (Signed commands carry such groups as they are, in
 *   `targets.groups`, and each terminal matches them itself; see signed-command.ts.)
 */
export const SITE_SELECTOR = /^(region|hall|tag):([^\s,，]{1,100})$/;
export const ROLLOUT_SELECTOR = /^(region|hall|tag|group):([^\s,，]{1,100})$/;

export interface SiteTerminal {
  id: string;
  region: string | null;
  hall: string | null;
  /** JSON array, as stored. */
  tags: string;
  /** Its config's `fleet.groups` when the console holds the config it runs; null when it does not. */
  fleetGroups?: readonly string[] | null;
}

export interface ResolvedTargets {
  ids: string[];
  /** The selectors among the entries, as written. */
  groups: string[];
  /** A selector that matched no terminal: a typo more often than an empty hall. */
  problems: string[];
  /** Terminals a `group:` selector could not place (their config is not held), for the preview. */
  unplaced: string[];
}

/** Terminal ids stay as written; selectors expand to the terminals they name, in id order. */
export function resolveTargets(entries: readonly string[], terminals: readonly SiteTerminal[]): ResolvedTargets {
  const ids = new Set<string>();
  const groups: string[] = [];
  const problems: string[] = [];
  const unplaced = new Set<string>();
  for (const entry of entries) {
    const match = ROLLOUT_SELECTOR.exec(entry);
    if (!match) {
      ids.add(entry);
      continue;
    }
    groups.push(entry);
    const [, kind, name = ''] = match;
    const members = terminals.filter((t) => {
      if (kind === 'region') return t.region === name;
      if (kind === 'hall') return t.hall === name;
      if (kind === 'tag') return tagsOf(t).includes(name);
      if (!t.fleetGroups) {
        unplaced.add(t.id);
        return false;
      }
      return t.fleetGroups.includes(name);
    });
    if (members.length === 0) problems.push(kind === 'group' && unplaced.size > 0 ? `${entry} matches no terminal whose config this console holds (${unplaced.size} run a config it did not hand out)` : `${entry} matches no terminal`);
    for (const t of [...members].sort((a, b) => a.id.localeCompare(b.id))) ids.add(t.id);
  }
  return { ids: [...ids], groups, problems, unplaced: [...unplaced].sort() };
}

function tagsOf(t: SiteTerminal): string[] {
  try {
    const tags: unknown = JSON.parse(t.tags);
    return Array.isArray(tags) ? tags.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
