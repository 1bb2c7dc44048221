/**
 * The names safe-open.ts gives a damaged database it moves aside, `kiosk.db.corrupt-<time>` or
 * `kiosk.db.empty-<time>` (time = ISO with ':' and '.' as '-'), read back: the fleet reports them
 * and the console dates the damage by them. Pure: the console imports it too.
 */
const MOVED_ASIDE = /^kiosk\.db\.(?:corrupt|empty)-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/;

/** A moved-aside database file (not one of its -wal/-shm/-journal companions). */
export const isMovedAsideDatabase = (fileName: string): boolean => MOVED_ASIDE.test(fileName);

/** When it was moved aside, from its name; undefined for any other name. */
export function movedAsideAt(fileName: string): string | undefined {
  const m = MOVED_ASIDE.exec(fileName);
  return m ? `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z` : undefined;
}
