/**
 * What the recorded exchanges say about the document as a whole: calls with no operation, calls or
 * answers that broke it, and documented operations nothing exercised. A new terminal call without
 * a document entry, or a document entry no test drives, fails the contract test through this.
 */
import type { Exchange } from './recording-proxy.ts';
import type { UpstreamDocument } from './upstream-document.ts';

export interface ContractReport {
  /** `METHOD path` of requests no operation matched. */
  undocumented: string[];
  /** Operation ids the document has and no exchange exercised. */
  unexercised: string[];
  /** `operationId: issue` for every request or answer that broke the document. */
  violations: string[];
  /**
   * `operationId responseKey` of documented answers never seen, except those marked
   * `x-reference-upstream: never` (answers the reference upstream cannot give; none today).
   */
  unseenAnswers: string[];
}

export function contractReport(document: UpstreamDocument, exchanges: readonly Exchange[]): ContractReport {
  const exercised = new Set(exchanges.flatMap((e) => (e.operationId === undefined ? [] : [e.operationId])));
  const answered = new Set(exchanges.map((e) => `${e.operationId} ${e.responseKey}`));
  return {
    undocumented: [...new Set(exchanges.filter((e) => e.operationId === undefined).map((e) => `${e.method} ${e.path}`))],
    unexercised: document.operations.map((o) => o.id).filter((id) => !exercised.has(id)),
    violations: exchanges.flatMap((e) =>
      [...e.requestIssues.map((issue) => `request ${issue}`), ...e.responseIssues.map((issue) => `answer ${issue}`)].map(
        (issue) => `${e.operationId ?? `${e.method} ${e.path}`}: ${issue}`,
      ),
    ),
    unseenAnswers: document.operations.flatMap((o) =>
      [...o.responses].filter(([key, r]) => !r.neverFromReference && !answered.has(`${o.id} ${key}`)).map(([key]) => `${o.id} ${key}`),
    ),
  };
}

/** `operationId status` pairs seen, e.g. 'submit 409', to show which documented answers were driven. */
export function answersSeen(exchanges: readonly Exchange[]): Set<string> {
  return new Set(exchanges.flatMap((e) => (e.operationId !== undefined && e.status !== undefined ? [`${e.operationId} ${e.status}`] : [])));
}
