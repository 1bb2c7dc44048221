/** Every schema migration, in order. Append only: a shipped migration is never edited. */
import type { Migration } from '../migrate.ts';
import { m001 } from './001-outbox.ts';
import { m002 } from './002-print-jobs.ts';
import { m003 } from './003-outbox-lifecycle.ts';
import { m004 } from './004-service-tally.ts';
import { m005 } from './005-outbox-failing-since.ts';
import { m006 } from './006-outbox-order-key.ts';
import { m007 } from './007-outbox-set-aside.ts';
import { m008 } from './008-dispenser-journal.ts';
import { m009 } from './009-payments.ts';
import { m010 } from './010-traffic-decisions.ts';
import { m011 } from './011-handout-settlement.ts';

export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011];
