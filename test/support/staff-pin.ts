/**
 * Provisions a staff PIN for a test terminal before its core starts, the way the staff CLI's
 * `set-pin --data-dir` does on a real one: `<dataDir>/staff-auth.json` with the scrypt hash (no
 * lockout). Tests use a cheap scrypt cost so each attempt takes milliseconds; the cost is part
 * of the stored hash, so the core verifies with it. No PIN ships with the app.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPin } from '../../electron/core/staff/pin-hash.ts';

export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export async function provisionStaffPin(dataDir: string, pin: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const pinHash = await hashPin(pin, TEST_SCRYPT);
  const stored = { pinHash, lockout: { failures: 0, lockouts: 0, lockedUntil: null } };
  writeFileSync(join(dataDir, 'staff-auth.json'), `${JSON.stringify(stored)}\n`, { mode: 0o600 });
}

/** The shipped default corner sequence (resources/config/default.json, staff.cornerSequence). */
export const DEFAULT_CORNER_SEQUENCE = ['top-left', 'top-right', 'top-left', 'bottom-right', 'bottom-left'] as const;
