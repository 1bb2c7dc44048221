/**
 * 手写 (handwriting input): the on-screen keyboard sends the strokes written on its pad and gets
 * candidate characters back. Open access: the keyboard serves citizens in a session and staff on
 * the maintenance screens alike, and a recognition reads no personal data, keeps nothing and
 * changes nothing. The bounds (rules/handwriting-limits.ts) keep one request to what a hand writes
 * in one character, so a page cannot make the recogniser chew on megabytes.
 */
import { z } from 'zod';
import { method, result, LOCAL_MS } from '../method.ts';
import {
  HANDWRITING_BOX,
  HANDWRITING_MAX_CANDIDATES,
  HANDWRITING_MAX_POINTS,
  HANDWRITING_MAX_POINTS_PER_STROKE,
  HANDWRITING_MAX_STROKES,
} from '../rules/handwriting-limits.ts';

export interface HandwritingView {
  /** Candidate characters, likeliest first. */
  candidates: string[];
}

const coordinate = z.number().int().min(0).max(HANDWRITING_BOX);
const point = z.tuple([coordinate, coordinate]);
const stroke = z.array(point).min(1).max(HANDWRITING_MAX_POINTS_PER_STROKE);

export const handwritingRequest = z
  .object({
    strokes: z
      .array(stroke)
      .min(1)
      .max(HANDWRITING_MAX_STROKES)
      .refine((strokes) => strokes.reduce((sum, s) => sum + s.length, 0) <= HANDWRITING_MAX_POINTS, {
        message: `at most ${HANDWRITING_MAX_POINTS} points in all`,
      }),
    limit: z.number().int().min(1).max(HANDWRITING_MAX_CANDIDATES).default(10),
  })
  .strict();

export type HandwritingRequest = z.output<typeof handwritingRequest>;

export const handwritingMethods = {
  recogniseHandwriting: method({
    service: 'handwriting',
    access: 'open',
    timeoutMs: LOCAL_MS,
    request: handwritingRequest,
    result: result<HandwritingView>(),
  }),
} as const;
