/**
 * Which spoken prompt a screen has. Keys name texts in the locale packs' `prompt` section: a
 * screen's own text (`screen.<id>`), else the text of its kind of step (`step.<phase>`), so a new
 * phase of a service is spoken sensibly before it gets words of its own. Prompt texts are fixed
 * sentences: they never carry a name, number or anything else of the citizen's.
 */
export interface PromptView {
  /** The journey's screen ('home', 'service', 'done', …). */
  screen: string;
  /** The service's own screen as it reports it ('traffic-card', 'place-card', 'start' before it reports). */
  serviceScreen?: string;
  /** The inactivity warning shows over the screen. */
  warning: boolean;
}

export const TIMEOUT_PROMPT = 'timeout';
/** The take-your-card / take-your-receipt reminder after a session: `takeItems.<what is left>`. */
export const takeItemsPrompt = (left: 'card' | 'receipt' | 'card-and-receipt'): string => `takeItems.${left}`;

/** Candidate keys, best first; empty when the screen has nothing to say yet. */
export function promptCandidates(view: PromptView): string[] {
  if (view.warning) return [TIMEOUT_PROMPT];
  if (view.screen !== 'service') return [`screen.${view.screen}`];
  const id = view.serviceScreen ?? 'start';
  // 'start' is only the moment before the journey reports its first screen.
  if (id === 'start') return [];
  const dash = id.indexOf('-');
  const step = dash === -1 ? id : id.slice(dash + 1);
  return [`screen.${id}`, `step.${step}`];
}

/** The first candidate the pack has. */
export function resolvePrompt(candidates: readonly string[], has: (key: string) => boolean): string | null {
  return candidates.find(has) ?? null;
}
