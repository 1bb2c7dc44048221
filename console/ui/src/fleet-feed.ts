/**
 * The fleet list kept current by change-only polls (`GET /api/terminals?since=<cursor>`): the first
 * answer is the whole fleet, later ones only what changed, merged here into the list the page
 * already holds. A poll that changed nothing leaves the very same array, so the page's memoised
 * preparing, sorting and filtering (fleet-list.ts) do not run again and a keystroke never waits
 * behind a 6 MB answer being parsed (bench/console-fleet-list.ts).
 */
import { useEffect, useRef, useState } from 'react';
import type { TerminalChanges, TerminalView } from '../../shared/api-types.ts';

/**
 * The list after one answer. Unchanged terminals keep their objects (and their place), so what the
 * page derived from them per object is reused; new terminals go at the end (the list functions
 * order by rank, not by position).
 */
export function mergeChanges(previous: readonly TerminalView[] | undefined, answer: TerminalChanges): readonly TerminalView[] {
  if (answer.full || !previous) return answer.terminals;
  if (answer.terminals.length === 0 && answer.removed.length === 0) return previous;
  const at = new Map(previous.map((t, i) => [t.id, i]));
  const next = [...previous];
  for (const terminal of answer.terminals) {
    const index = at.get(terminal.id);
    if (index === undefined) {
      at.set(terminal.id, next.length);
      next.push(terminal);
    } else {
      next[index] = terminal;
    }
  }
  if (answer.removed.length === 0) return next;
  const removed = new Set(answer.removed);
  return next.filter((t) => !removed.has(t.id));
}

/**
 * Polls every intervalMs while mounted, one request at a time (a slow answer is not overtaken by
 * the next poll's, which would step the list back). A failed poll keeps the list and its cursor:
 * the next one asks again from there, so nothing is skipped.
 */
export function useFleetFeed(load: (cursor: string) => Promise<TerminalChanges>, intervalMs: number): { data: readonly TerminalView[] | undefined; error: string | undefined } {
  const [data, setData] = useState<readonly TerminalView[]>();
  const [error, setError] = useState<string>();
  const held = useRef<{ list: readonly TerminalView[] | undefined; cursor: string }>({ list: undefined, cursor: '' });
  useEffect(() => {
    let live = true;
    let busy = false;
    const run = async () => {
      if (busy) return;
      busy = true;
      try {
        const answer = await load(held.current.cursor);
        if (!live) return;
        const list = mergeChanges(held.current.list, answer);
        held.current = { list, cursor: answer.cursor };
        setData(list);
        setError(undefined);
      } catch (e: unknown) {
        if (live) setError(e instanceof Error ? e.message : String(e));
      } finally {
        busy = false;
      }
    };
    void run();
    const timer = setInterval(() => void run(), intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // `load` is the page's api call, the same for the page's life: a new interval only restarts the timer.
  }, [intervalMs]);
  return { data, error };
}
