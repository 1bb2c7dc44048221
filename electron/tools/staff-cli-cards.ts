/**
 * The staff CLI's staff-card commands: register an engineer's ID card by its number for a
 * terminal's data directory, list and remove registrations. The number comes on stdin (never on
 * the command line) and is never printed: output shows the masked number only.
 */
import { resolve } from 'node:path';
import { AuditLog } from '../core/audit/audit-log.ts';
import { maintenancePaths } from '../core/config/maintenance-paths.ts';
import { StaffCardRegistry, type StaffCardView } from '../core/staff/staff-cards.ts';
import { options, required } from './cli-args.ts';
import type { CliIo } from './staff-cli.ts';

const ACTOR = 'staff-cli';

function registry(args: readonly string[], io: CliIo, extra: Record<string, { type: 'string' }> = {}) {
  const v = options(args, { 'data-dir': { type: 'string' }, ...extra });
  const dataDir = resolve(io.cwd, required(v['data-dir'] as string | undefined, 'data-dir'));
  const paths = maintenancePaths(dataDir);
  const cards = new StaffCardRegistry({ path: paths.staffCards, audit: new AuditLog({ path: paths.audit }) });
  return { cards, path: paths.staffCards, values: v as Record<string, string | undefined> };
}

const describe = (card: StaffCardView) => `${card.id} "${card.label}" (${card.masked})`;

export async function addCard(args: readonly string[], io: CliIo): Promise<number> {
  const { cards, path, values } = registry(args, io, { label: { type: 'string' } });
  const label = required(values.label, 'label');
  const number = (await io.readStdin('ID number')).split(/\r?\n/)[0]?.trim() ?? '';
  if (number === '') throw new Error('no ID number on stdin');
  const result = await cards.add(number, label, ACTOR);
  if (result.ok) {
    io.out(`staff card ${describe(result.card)} registered in ${path}\n`);
    return 0;
  }
  switch (result.reason) {
    case 'invalid-number':
      io.err(`ID number refused: ${result.detail}\n`);
      return 1;
    case 'invalid-label':
      io.err(`--label refused: ${result.detail}\n`);
      return 1;
    case 'already-registered':
      io.err(`this card is already registered: ${describe(result.card)}\n`);
      return 1;
  }
}

export function listCards(args: readonly string[], io: CliIo): number {
  const { cards, path } = registry(args, io);
  const list = cards.list();
  if (list.length === 0) {
    io.out(`no staff cards registered in ${path}\n`);
    return 0;
  }
  io.out(`${list.length} staff card(s) in ${path}:\n`);
  for (const card of list) io.out(`${card.id}  ${card.masked}  ${card.registeredAt}  ${card.label}\n`);
  return 0;
}

export function removeCard(args: readonly string[], io: CliIo): number {
  const { cards, values } = registry(args, io, { card: { type: 'string' } });
  const id = required(values.card, 'card');
  // Not echoed when malformed: it could be an ID number typed in the wrong place.
  if (!/^[0-9a-f]{8}$/.test(id)) {
    io.err('--card expects the 8-character id list-cards shows\n');
    return 1;
  }
  const removed = cards.remove(id, ACTOR);
  if (!removed) {
    io.err(`no staff card with id ${id} (see list-cards)\n`);
    return 1;
  }
  io.out(`removed staff card ${describe(removed)}\n`);
  return 0;
}
