/**
 * The line protocol of the handwriting helper (native/handwriting/handwriting-helper.c): one
 * request per line of integers on its stdin, one JSON answer per line on its stdout. The helper is
 * our own program, but what it prints is still parsed with a schema: a half-written line from a
 * dying process must not reach the screen as a candidate.
 */
import { z } from 'zod';

export type Stroke = readonly (readonly [number, number])[];

/** `<id> <nbest> <nstrokes>` then `<npoints> x y x y ...` per stroke; the contract bounded the numbers. */
export function encodeRequest(id: number, nbest: number, strokes: readonly Stroke[]): string {
  const parts = [String(id), String(nbest), String(strokes.length)];
  for (const stroke of strokes) {
    parts.push(String(stroke.length));
    for (const [x, y] of stroke) parts.push(String(x), String(y));
  }
  return `${parts.join(' ')}\n`;
}

const readyLine = z.object({ ready: z.literal(true), characters: z.number().int().nonnegative() }).strict();
const fatalLine = z.object({ fatal: z.string() }).strict();
const answerLine = z
  .object({
    id: z.number().int(),
    candidates: z.array(z.object({ c: z.string().min(1).max(8), s: z.number() }).strict()).optional(),
    error: z.string().optional(),
  })
  .strict();

export type HelperLine =
  | { kind: 'ready'; characters: number }
  | { kind: 'fatal'; reason: string }
  | { kind: 'answer'; id: number; candidates: string[] }
  | { kind: 'refused'; id: number; reason: string }
  | { kind: 'garbled' };

export function parseHelperLine(line: string): HelperLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { kind: 'garbled' };
  }
  const ready = readyLine.safeParse(json);
  if (ready.success) return { kind: 'ready', characters: ready.data.characters };
  const fatal = fatalLine.safeParse(json);
  if (fatal.success) return { kind: 'fatal', reason: fatal.data.fatal };
  const answer = answerLine.safeParse(json);
  if (!answer.success) return { kind: 'garbled' };
  if (answer.data.candidates) return { kind: 'answer', id: answer.data.id, candidates: answer.data.candidates.map((c) => c.c) };
  return { kind: 'refused', id: answer.data.id, reason: answer.data.error ?? 'unknown' };
}
