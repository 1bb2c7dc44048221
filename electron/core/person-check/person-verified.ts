/**
 * The rule behind access 'verified' (contract/method.ts): a citizen session whose card holder
 * passed 人证核验 against the card now in the session. Pure: the dispatcher asks it on every call.
 */
import { createHash } from 'node:crypto';
import type { ActiveSession } from '../session/session-store.ts';

/** The key a decision is bound to; never stored or logged beside the number itself. */
export const cardKeyOf = (idNumber: string): string => createHash('sha256').update(`person-check:${idNumber}`).digest('hex');

export function personVerified(session: ActiveSession): boolean {
  const check = session.personCheck;
  const identity = session.identity;
  if (!check || !identity || check.decision !== 'passed') return false;
  return check.cardKey === cardKeyOf(identity.idNumber);
}
