/**
 * The shape of one KioskApi method in the declarative contract: its request schema, its result
 * type, who may call it, which service owns it, whether it counts as a transaction, and how long
 * it may take. The dispatcher applies this policy, so no handler checks access by hand; both
 * clients (preload, WebSocket) take the method list and the timeouts from the same table.
 */
import type { z } from 'zod';
import type { ServiceId } from './services/shared/service-id.ts';

/**
 * open: anyone at the screen (terminal info, starting a session, staff entry);
 * citizen: only inside a citizen session (the dispatcher hands the session to the handler);
 * verified: only inside a citizen session whose card holder passed 人证核验 (person-card face
 *   check, electron/core/person-check/) in this session; refused with PERSON_NOT_VERIFIED otherwise;
 * staff: only inside a staff session opened with the PIN (or staff card + PIN).
 */
export type Access = 'open' | 'citizen' | 'verified' | 'staff';

declare const resultBrand: unique symbol;
/** Carries a method's result type; results are built by the core itself, so no run-time schema. */
export interface ResultOf<T> {
  readonly [resultBrand]?: T;
}
export const result = <T>(): ResultOf<T> => ({});

export interface MethodEntry<Req extends z.ZodType = z.ZodType, Res = unknown> {
  /** The folder that owns the method: a catalogue service id, or a shared capability. */
  readonly service: string;
  readonly access: Access;
  /** Refused with SERVICE_DISABLED unless one of these services is enabled on this terminal. */
  readonly enabledBy?: readonly ServiceId[];
  /** Refused with OUT_OF_SERVICE while staff or the fleet have taken the terminal out of service. */
  readonly inServiceOnly?: boolean;
  /** A successful call is one transaction (办件) of this service in the monthly 好差评 report. */
  readonly tally?: ServiceId;
  /**
   * How long the core may take to answer, on top of the request's own `timeoutMs` wait (card
   * reads, scans). Past it the client gives up with INTERNAL, so no citizen waits for ever.
   */
  readonly timeoutMs: number;
  readonly request: Req;
  readonly result: ResultOf<Res>;
}

/** Declares one method; its access level stays a literal type, so handlers get the right context. */
export const method = <const A extends Access, Req extends z.ZodType, Res>(
  entry: MethodEntry<Req, Res> & { readonly access: A },
): MethodEntry<Req, Res> & { readonly access: A } => entry;

/** Answer deadlines: local work, calls that go upstream, printing (paper feed, cutter, spooler). */
export const LOCAL_MS = 15_000;
export const UPSTREAM_MS = 60_000;
export const PRINT_MS = 60_000;
