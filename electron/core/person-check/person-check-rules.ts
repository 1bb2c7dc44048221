/**
 * The decision of one try, pure: what the core concludes from the renderer's report, the
 * configured threshold and liveness floor, and the tries already used. A try that found no face
 * counts too, so a screen cannot loop for ever; the last failed try calls staff.
 */
import type { PersonCheckResultView } from '../../contract/person-check/person-check.contract.ts';

export interface PersonCheckPolicy {
  threshold: number;
  minLiveness: number;
  maxTries: number;
}

export type TryReport = { kind: 'no-face' } | { kind: 'compared'; similarity: number; liveness: number };

export interface TryOutcome {
  view: PersonCheckResultView;
  triesUsed: number;
}

export function decideTry(report: TryReport, triesBefore: number, policy: PersonCheckPolicy): TryOutcome {
  const triesUsed = triesBefore + 1;
  const triesLeft = Math.max(0, policy.maxTries - triesUsed);
  const similarity = report.kind === 'compared' ? report.similarity : undefined;
  let reason: PersonCheckResultView['reason'];
  if (report.kind === 'no-face') reason = 'no-face';
  else if (report.liveness < policy.minLiveness) reason = 'not-live';
  else if (report.similarity < policy.threshold) reason = 'no-match';
  else reason = 'matched';
  const decision = reason === 'matched' ? 'passed' : triesLeft > 0 ? 'retry' : 'failed';
  return { view: { decision, reason, similarity, triesLeft }, triesUsed };
}
