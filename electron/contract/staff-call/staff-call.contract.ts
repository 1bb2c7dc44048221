/**
 * 帮办代办: a citizen on any screen calls staff for help; the call is pushed to staff screens and
 * the fleet, and the citizen may cancel it.
 */
import { z } from 'zod';
import { method, result, LOCAL_MS } from '../method.ts';
import { resourceId } from '../services/shared/request-parts.ts';

export interface StaffCallView {
  callId: string;
  calledAt: string;
  /** True when a call from this session was already open: staff are on their way. */
  alreadyCalled: boolean;
}

export interface StaffCallEvent {
  callId: string;
  state: 'called' | 'cancelled';
  terminalId: string;
  serviceId?: string;
  screen?: string;
  at: string;
}

export const staffCallMethods = {
  callStaff: method({
    service: 'staff-call',
    access: 'open',
    timeoutMs: LOCAL_MS,
    request: z
      .object({
        serviceId: resourceId.optional(),
        /** Which screen the citizen is on (e.g. 'form-review'), so staff know where to help. */
        screen: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
      })
      .strict(),
    result: result<StaffCallView>(),
  }),
  cancelStaffCall: method({
    service: 'staff-call',
    access: 'open',
    timeoutMs: LOCAL_MS,
    request: z.object({ callId: z.uuid() }).strict(),
    result: result<{ cancelled: boolean }>(),
  }),
} as const;
