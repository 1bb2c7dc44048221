/**
 * 60 nn, "set the module's line speed": nn selects one of five rates. The module answers at the old
 * rate and listens at the new one from then on (until it loses power, on most modules).
 */
export const SAM_BAUD_CODES = { 115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04 } as const;

export type SamBaudRate = keyof typeof SAM_BAUD_CODES;

export function samBaudCode(baudRate: number): number {
  const code = (SAM_BAUD_CODES as Record<number, number | undefined>)[baudRate];
  if (code === undefined) {
    throw new RangeError(`a SAM module cannot run at ${baudRate} baud (use ${Object.keys(SAM_BAUD_CODES).join(', ')})`);
  }
  return code;
}

/** The rate a 60 nn parameter selects, or undefined for a parameter no module knows. */
export function samBaudFromCode(code: number): SamBaudRate | undefined {
  const entry = Object.entries(SAM_BAUD_CODES).find(([, value]) => value === code);
  return entry ? (Number(entry[0]) as SamBaudRate) : undefined;
}
