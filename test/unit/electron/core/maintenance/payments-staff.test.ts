/** What the maintenance screen gets of an order number: masked for reading, an opaque reference for acting. */
import { describe, expect, it } from 'vitest';
import { maskOrderNo, orderRef } from '../../../../../electron/core/maintenance/payments-staff.ts';
import { maintenanceRequestSchemas } from '../../../../../electron/contract/maintenance-schemas.ts';

describe('order numbers on the maintenance screen', () => {
  it('shows the first six and last four characters only', () => {
    expect(maskOrderNo('KM00012026120501234567')).toBe('KM0001…4567');
    expect(maskOrderNo('SHORT1234')).toBe('SH…34');
  });

  it('names an order by a stable 16-character reference the request schema accepts, different per order', () => {
    const a = orderRef('KM00012026120501234567');
    expect(a).toBe(orderRef('KM00012026120501234567'));
    expect(a).not.toBe(orderRef('KM00012026120501234568'));
    expect(a).toHaveLength(16);
    expect(maintenanceRequestSchemas.requeryPayment.safeParse({ ref: a }).success).toBe(true);
    expect(a).not.toContain('4567');
  });

  it('refuses a malformed reference, day, finding or slot with a message', () => {
    expect(maintenanceRequestSchemas.requeryPayment.safeParse({ ref: 'KM0001202612050123' }).success).toBe(false);
    expect(maintenanceRequestSchemas.reconcilePayments.safeParse({ day: '5.12.2026' }).error?.issues[0]?.message).toMatch(/2026-12-04/);
    expect(maintenanceRequestSchemas.settleHandOut.safeParse({ certificateId: 'C-1', found: 'stolen', note: 'x' }).success).toBe(false);
    expect(maintenanceRequestSchemas.settleHandOut.safeParse({ certificateId: 'C-1', found: 'missing', note: 'x'.repeat(201) }).success).toBe(false);
    expect(maintenanceRequestSchemas.settleHandOut.safeParse({ certificateId: 'C 1', found: 'missing', note: 'x' }).success).toBe(false);
    expect(maintenanceRequestSchemas.dispenserSelfTest.safeParse({ dispenseToBinSlot: 100 }).success).toBe(false);
    expect(maintenanceRequestSchemas.dispenserSelfTest.safeParse({}).success).toBe(true);
  });
});
