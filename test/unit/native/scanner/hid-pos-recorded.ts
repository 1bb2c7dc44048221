/**
 * HID POS input reports as captured from scanners (no virtual HID device can exist on a test
 * machine, so recorded bytes stand in for the device).
 *
 * HONEYWELL_REVINF: a Honeywell Voyager 1602g answering the REVINF menu command over its HID POS
 * interface, as published in HenkVanAsselt/python_hon_usbhid (README). Six 64-byte reports of one
 * message (AIM "]X0", bit 0 of the last byte set on all but the last), then a one-report
 * acknowledgement (AIM "]Z6") carrying "REVINF", ACK and ".".
 */
export const HONEYWELL_REVINF: readonly number[][] = [
  [2, 56, 93, 88, 48, 80, 114, 111, 100, 117, 99, 116, 32, 78, 97, 109, 101, 58, 32, 86, 111, 121, 97, 103, 101, 114, 32, 49, 54, 48, 50, 103, 13, 10, 66, 111, 111, 116, 32, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 58, 32, 56, 57, 57, 50, 13, 10, 83, 111, 102, 116, 63, 0, 1],
  [2, 56, 93, 88, 48, 119, 97, 114, 101, 32, 80, 97, 114, 116, 32, 78, 117, 109, 98, 101, 114, 58, 32, 67, 87, 48, 48, 48, 48, 56, 50, 66, 66, 65, 13, 10, 83, 111, 102, 116, 119, 97, 114, 101, 32, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 36, 80, 114, 111, 106, 101, 63, 0, 1],
  [2, 56, 93, 88, 48, 99, 116, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 49, 54, 51, 52, 53, 32, 13, 10, 83, 101, 114, 105, 97, 108, 32, 78, 117, 109, 98, 101, 114, 58, 32, 49, 53, 50, 51, 50, 66, 49, 70, 48, 67, 13, 10, 83, 117, 112, 112, 111, 114, 116, 101, 100, 63, 0, 1],
  [2, 56, 93, 88, 48, 32, 73, 70, 58, 32, 66, 108, 117, 101, 116, 111, 111, 116, 104, 13, 10, 80, 67, 66, 32, 65, 115, 115, 101, 109, 98, 108, 121, 32, 73, 68, 58, 32, 48, 48, 48, 48, 48, 48, 13, 10, 69, 110, 103, 105, 110, 101, 32, 70, 105, 114, 109, 119, 97, 114, 101, 63, 0, 1],
  [2, 56, 93, 88, 48, 32, 84, 121, 112, 101, 58, 32, 78, 47, 65, 32, 32, 32, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 78, 47, 65, 32, 32, 32, 83, 101, 114, 105, 97, 108, 32, 78, 117, 109, 98, 101, 114, 58, 32, 78, 47, 65, 32, 32, 32, 67, 104, 101, 99, 107, 115, 63, 0, 1],
  [2, 9, 93, 88, 48, 117, 109, 58, 32, 78, 47, 65, 13, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 63, 0, 0],
  [2, 8, 93, 90, 54, 82, 69, 86, 73, 78, 70, 6, 46, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0],
];

/** The text the six-report REVINF message carries. */
export const HONEYWELL_REVINF_TEXT =
  'Product Name: Voyager 1602g\r\n' +
  'Boot Revision: : 8992\r\n' +
  'Software Part Number: CW000082BBA\r\n' +
  'Software Revision: $ProjectRevision: 16345 \r\n' +
  'Serial Number: 15232B1F0C\r\n' +
  'Supported IF: Bluetooth\r\n' +
  'PCB Assembly ID: 000000\r\n' +
  'Engine Firmware Type: N/A   Revision: N/A   Serial Number: N/A   Checksum: N/A\r\n';

/**
 * Report in the same layout for a fictitious kiosk QR code ("]Q1" = QR Code, model 2), written out
 * byte for byte: "https://zw.example.cn/t/K7" (26 bytes), vendor symbology 's', single report.
 */
export const QR_SINGLE: readonly number[] = [
  0x02, 0x1a, 0x5d, 0x51, 0x31,
  0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f, 0x7a, 0x77, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70,
  0x6c, 0x65, 0x2e, 0x63, 0x6e, 0x2f, 0x74, 0x2f, 0x4b, 0x37,
  ...new Array<number>(30).fill(0),
  0x73, 0x00, 0x00,
];
