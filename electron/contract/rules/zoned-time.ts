/**
 * The hall's time zone: instants shown or printed in it, whatever zone the OS clock is set to (a
 * fresh image or a test machine runs in UTC, and a 09:30 +08:00 violation must not read 01:30).
 * The core's printed stamps and the screen's formatter both come through here.
 */

/** A terminal whose config says nothing stands in mainland China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

// An IANA name (Area/Location, or UTC); Intl would also take '+08:00', which follows no daylight rules a region may have.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** An IANA time zone name this runtime's Intl knows, e.g. 'Asia/Shanghai', 'Asia/Urumqi', 'UTC'. */
export function isTimeZone(name: string): boolean {
  if (!IANA_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading of an instant in a zone. Throws RangeError for a zone Intl does not know. */
export function zonedParts(at: Date, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const part of partFormat(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The calendar date of an instant in a zone, YYYY-MM-DD. */
export function zonedIsoDate(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/**
 * The printed documents' stamp, 'YYYY-MM-DD HH:mm' (':ss' with seconds), the same in every
 * language. A string that is no instant (an upstream's odd field) prints as given: nothing is lost.
 */
export function zonedStamp(at: Date | string, timeZone: string, options: { seconds?: boolean } = {}): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return typeof at === 'string' ? at : '';
  const p = zonedParts(date, timeZone);
  const time = `${pad(p.hour)}:${pad(p.minute)}${options.seconds === true ? `:${pad(p.second)}` : ''}`;
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${time}`;
}

/** Beijing time is UTC+8 all year (no daylight saving): the payment channels' protocols and statements count in it. */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** An instant's Beijing wall clock as 'YYYY-MM-DDTHH:mm:ss' (no zone suffix), whatever the hall's zone. */
export function chinaWallClock(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}

/** 'yyyyMMddHHmmss' in Beijing time, the channels' compact stamp. */
export function chinaCompactStamp(at: Date): string {
  return chinaWallClock(at).replace(/[-:T]/g, '');
}

/** The Beijing calendar day of an instant (what statements and reconciliation count by), YYYY-MM-DD. */
export function chinaDay(at: Date): string {
  return chinaWallClock(at).slice(0, 10);
}
