/**
 * Which spoken prompt gives way to which. A reminder (take your card / receipt) is said to someone
 * walking away, who will not come back to hear it again; the prompts of the screens the terminal
 * shows by itself after a session (ending, done, the attract screen's welcome) are for nobody in
 * particular yet. So those wait until a reminder has been said in full, and are said then (once);
 * the prompt of a screen a citizen reached by touching it does cut a reminder: someone is there.
 */
const YIELDING_SCREEN_PROMPTS: ReadonlySet<string> = new Set(['screen.attract', 'screen.ending', 'screen.done']);

/** Whether a screen's prompt `key` must wait because a reminder is being said. */
export function screenPromptWaits(key: string, reminderPlaying: boolean): boolean {
  return reminderPlaying && YIELDING_SCREEN_PROMPTS.has(key);
}
