/**
 * Provisions a staff PIN for a test terminal before its core starts, the way the staff CLI's
 * `set-pin --data-dir` does on a real one: `<dataDir>/staff-auth.json` with the scrypt hash (no
 * lockout). Tests use a cheap scrypt cost so each attempt takes milliseconds; the cost is part
 * of the stored hash, so the core verifies with it. No PIN ships with the app.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPin } from '../../electron/core/staff/pin-hash.ts';

export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export async function provisionStaffPin(dataDir: string, pin: string): Promise<void> {
  writeStaffAuth(dataDir, await hashPin(pin, TEST_SCRYPT));
}

/**
 * The same, synchronously, for a test file that must provision before a worker fixture starts
 * the terminal. Writes pin-hash.ts's stored format (`scrypt$N$r$p$salt$key`, base64url);
 * test/unit/maintenance checks that verifyPin accepts it.
 */
export function provisionStaffPinSync(dataDir: string, pin: string): void {
  const { N, r, p } = TEST_SCRYPT;
  const salt = randomBytes(16);
  const key = scryptSync(pin.normalize('NFKC'), salt, 32, { N, r, p });
  writeStaffAuth(dataDir, ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$'));
}

function writeStaffAuth(dataDir: string, pinHash: string): void {
  mkdirSync(dataDir, { recursive: true });
  const stored = { pinHash, lockout: { failures: 0, lockouts: 0, lockedUntil: null } };
  writeFileSync(join(dataDir, 'staff-auth.json'), `${JSON.stringify(stored)}\n`, { mode: 0o600 });
}

/** The shipped default corner sequence (resources/config/default.json, staff.cornerSequence). */
export const DEFAULT_CORNER_SEQUENCE = ['top-left', 'top-right', 'top-left', 'bottom-right', 'bottom-left'] as const;
