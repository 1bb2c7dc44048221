/** devices.dispenser.notTakenSeconds: staff-editable (a hall need), bounded, 30 s by default, and covered by the hand-out call's deadline. */
import { describe, expect, it } from 'vitest';
import { fieldAuthoritiesOf } from '../../../../../electron/core/config/config-authority.ts';
import { NOT_TAKEN_SECONDS, terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import { certificatePickupMethods } from '../../../../../electron/contract/services/certificate-pickup/certificate-pickup.contract.ts';
import defaults from '../../../../../resources/config/default.json';

const withDispenser = (dispenser: unknown) => terminalConfigSchema.safeParse({ ...defaults, devices: { ...defaults.devices, dispenser } });
const base = { enabled: true, path: '/dev/ttyS3', baudRate: 9600 };

describe('devices.dispenser.notTakenSeconds', () => {
  it('defaults to 30 s, in the shipped defaults and in an older file without it', () => {
    expect(terminalConfigSchema.parse(defaults).devices.dispenser.notTakenSeconds).toBe(30);
    const older = withDispenser(base);
    expect(older.success && older.data.devices.dispenser.notTakenSeconds).toBe(30);
    const { dispenser: _omitted, ...devicesWithout } = defaults.devices;
    expect(terminalConfigSchema.parse({ ...defaults, devices: devicesWithout }).devices.dispenser).toMatchObject({ enabled: false, notTakenSeconds: 30 });
  });

  it('takes a value within its bounds and refuses one outside, a fraction or a string, naming the field', () => {
    expect(withDispenser({ ...base, notTakenSeconds: 90 }).success).toBe(true);
    for (const bad of [NOT_TAKEN_SECONDS.min - 1, NOT_TAKEN_SECONDS.max + 1, 12.5, '30']) {
      const parsed = withDispenser({ ...base, notTakenSeconds: bad });
      expect(parsed.success, String(bad)).toBe(false);
      if (!parsed.success) expect(parsed.error.issues.map((i) => i.path.join('.'))).toEqual(['devices.dispenser.notTakenSeconds']);
    }
  });

  it('is the staff\'s to change', () => {
    const field = fieldAuthoritiesOf(terminalConfigSchema).find((f) => f.path === 'devices.dispenser.notTakenSeconds');
    expect(field?.authority).toBe('staff');
  });

  it('fits within the hand-out call\'s deadline at its maximum, with room for the moves and a capture', () => {
    expect(certificatePickupMethods.handOutCertificate.timeoutMs).toBeGreaterThanOrEqual(NOT_TAKEN_SECONDS.max * 1000 + 20_000);
  });
});
