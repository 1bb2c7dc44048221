/**
 * 人证核验 (person–card check), a capability any service can require: a method marked access
 * 'verified' runs only after the person at the camera matched the card in this session. The
 * renderer finds and describes the faces (Human, in the page); the core holds the card photo,
 * applies the threshold and the liveness floor to the descriptors it is sent, counts the tries
 * and records the decision. The face itself never reaches the core, and the core keeps no
 * descriptor after the call.
 */
import { z } from 'zod';
import { method, result, LOCAL_MS } from '../method.ts';
import { empty } from '../services/shared/request-parts.ts';

/** Human's face description model (faceres) describes a face with 1024 numbers. */
export const FACE_DESCRIPTOR_LENGTH = 1024;
const descriptor = z.array(z.number().finite().min(-100).max(100)).length(FACE_DESCRIPTOR_LENGTH);
const score = z.number().min(0).max(1);

export type PersonCheckDecisionView = 'pending' | 'passed' | 'failed';
/**
 * Which photo the live face is compared with: the card's own (decoded on the terminal), the
 * person's registered photo from the upstream, or the card's with the registered one where the
 * card's cannot be read. The authorisation page says so before the citizen agrees.
 */
export type PersonCheckPhotoSource = 'card' | 'upstream' | 'card-or-upstream';

export interface PersonCheckStatusView {
  /** False on a terminal the fleet configured without the check: 'verified' methods then need none. */
  required: boolean;
  decision: PersonCheckDecisionView;
  triesLeft: number;
  maxTries: number;
  /** Which photo this terminal compares with (its configuration): the authorisation page says it. */
  photoSource: PersonCheckPhotoSource;
}

export interface PersonCheckStartView {
  /** 'passed': already verified against this card in this session; 'failed': tries used up, call staff. */
  decision: PersonCheckDecisionView;
  triesLeft: number;
  maxTries: number;
  /** The photo to compare with (data: URL), only while the check is pending: the card's, or the registered one. */
  cardPhoto: string | undefined;
  /** Where cardPhoto came from; undefined when no photo was handed out (the check is decided). */
  photoSource: 'card' | 'upstream' | undefined;
  /** The decoder's own name; `test` is true for the demo's stand-in, shown as such on screen. */
  decoder: { name: string; test: boolean };
}

export interface PersonCheckResultView {
  /** 'retry': this try did not match (or no live face); another is allowed. */
  decision: 'passed' | 'retry' | 'failed';
  /** Why a try did not pass: the screen's guidance for the next one. */
  reason: 'matched' | 'no-face' | 'not-live' | 'no-match';
  /** Similarity the core computed (0–1, rounded), when two faces were compared. */
  similarity: number | undefined;
  triesLeft: number;
}

export const personCheckMethods = {
  /** Before the authorisation page: is a check needed, and where does it stand for this card. */
  getPersonCheckStatus: method({
    service: 'person-check',
    access: 'citizen',
    timeoutMs: LOCAL_MS,
    request: empty,
    result: result<PersonCheckStatusView>(),
  }),
  /** Begins (or resumes) the check for the card in this session: its photo, the tries left. */
  startPersonCheck: method({
    service: 'person-check',
    access: 'citizen',
    timeoutMs: LOCAL_MS,
    request: empty,
    result: result<PersonCheckStartView>(),
  }),
  /** One try: the renderer's descriptors and scores, or why it found no usable face. */
  submitPersonCheck: method({
    service: 'person-check',
    access: 'citizen',
    timeoutMs: LOCAL_MS,
    request: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('compared'),
          cardDescriptor: descriptor,
          liveDescriptor: descriptor,
          /** The liveness model's real-face score for the live frames. */
          liveness: score,
        })
        .strict(),
      z.object({ kind: z.literal('no-face') }).strict(),
    ]),
    result: result<PersonCheckResultView>(),
  }),
} as const;
