/**
 * A dispatch policy for transport tests (WebSocket, IPC, frames), where the table's rules are not
 * what is tested: every rule passes, with a stand-in citizen session. The real policy is tested in
 * test/unit/core/dispatcher-policy.test.ts and through the whole core in the integration tests.
 */
import type { DispatchPolicy } from '../../electron/core/api/dispatcher.ts';
import type { ActiveSession } from '../../electron/core/session/session-store.ts';

export function standInPolicy(): DispatchPolicy {
  const session: ActiveSession = { id: 'stand-in-session', startedAt: new Date(0), identity: undefined, credit: undefined };
  return {
    citizenSession: () => session,
    requireStaff: () => {},
    inService: () => true,
    serviceEnabled: () => true,
    personCheckRequired: () => false,
    countTransaction: () => {},
  };
}
