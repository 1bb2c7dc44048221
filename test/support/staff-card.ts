/**
 * Staff cards for tests: fictitious engineers' ID cards (numbers built to pass GB 11643), and a
 * way to register one in a test terminal's data directory before its core starts, in the format
 * the staff CLI's `add-card` writes (`<dataDir>/staff-cards.json`), with the cheap test scrypt
 * cost (the cost is part of each stored hash). test/unit/staff checks that the registry matches
 * what this writes.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import type { IdCardData } from '../../native/idcard/id-card-data.ts';
import { fillerPhoto } from '../../native/simulators/sample-cards.ts';
import { TEST_SCRYPT } from './staff-pin.ts';

function engineer(name: string, idNumber: string, seed: number): IdCardData {
  return {
    cardType: 'resident',
    name,
    gender: 'male',
    nation: '汉',
    birthDate: idNumber.slice(6, 14),
    address: '北京市西城区示例胡同7号',
    idNumber,
    issuer: '北京市公安局西城分局',
    validFrom: '20200101',
    validTo: '20400101',
    photoWlt: fillerPhoto(seed),
  };
}

/** Registered in the tests that need a registered card. */
export const STAFF_CARD = engineer('王工', '110108198205170045', 41);
/** Never registered: a valid card of someone who is not staff. */
export const OTHER_CARD = engineer('李四', '110102197509230032', 42);

export const STAFF_CARD_LABEL = '王工 (engineer)';

/** Appends a registration to `<dataDir>/staff-cards.json` synchronously; returns its entry id. */
export function registerStaffCardSync(dataDir: string, idNumber: string, label: string): string {
  const { N, r, p } = TEST_SCRYPT;
  const salt = randomBytes(16);
  const key = scryptSync(idNumber.toUpperCase().normalize('NFKC'), salt, 32, { N, r, p });
  const id = randomBytes(4).toString('hex');
  const entry = {
    id,
    label,
    masked: maskIdNumber(idNumber),
    hash: ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$'),
    registeredAt: new Date().toISOString(),
  };
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'staff-cards.json');
  const cards = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { cards: unknown[] }).cards : [];
  writeFileSync(path, `${JSON.stringify({ version: 1, cards: [...cards, entry] }, null, 2)}\n`, { mode: 0o600 });
  return id;
}
