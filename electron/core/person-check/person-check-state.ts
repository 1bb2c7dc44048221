/**
 * What a citizen session remembers of 人证核验: only the decision, the last score and the tries,
 * bound to the card it was made against. Never a face, an embedding or the card photo: those live
 * in the renderer for the seconds of the check and are released there after the decision.
 */
export type PersonCheckDecision = 'pending' | 'passed' | 'failed';

export interface PersonCheckState {
  decision: PersonCheckDecision;
  /** Tries submitted so far in this session (a try is one comparison the core judged). */
  tries: number;
  /** Similarity of the last try, rounded to 3 places; undefined before the first. */
  lastSimilarity: number | undefined;
  /**
   * SHA-256 of the card's ID number the decision was made against: reading another card in the
   * same session makes the decision void, so one person's pass never covers another's card.
   */
  cardKey: string;
  decidedAt: Date | undefined;
}
