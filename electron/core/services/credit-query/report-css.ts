/**
 * Print CSS for A4 documents. Fonts are named, not embedded: terminals ship a CJK font (Debian:
 * fonts-wqy-microhei or fonts-noto-cjk; Windows: Microsoft YaHei). The page footer uses CSS page
 * margin boxes, which Chromium prints since version 131.
 */
const cssString = (text: string) => `"${text.replace(/["\\]/g, '\\$&').replace(/\n/g, ' ')}"`;

const FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif';

export function reportCss(footerLabel: string): string {
  // Page margin boxes do not inherit from body: they get the font and size of their own.
  const footer = `font-family: ${FONTS}; font-size: 8pt; color: #555;`;
  return `
@page {
  size: A4;
  margin: 18mm 16mm 20mm 16mm;
  @bottom-left { content: ${cssString(footerLabel)}; ${footer} }
  @bottom-right { content: counter(page) " / " counter(pages); ${footer} }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0;
  font-family: ${FONTS};
  font-size: 10.5pt;
  line-height: 1.5;
  color: #000;
}
header { text-align: center; border-bottom: 2px solid #000; padding-bottom: 4mm; margin-bottom: 6mm; }
h1 { font-size: 20pt; margin: 0; letter-spacing: 0.1em; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-left: 3pt solid #000; padding-left: 2mm; }
.subtitle { margin: 1mm 0 0; color: #444; }
.report-no { margin: 2mm 0 0; font-weight: bold; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.5pt solid #444; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: bold; white-space: nowrap; }
.records thead { display: table-header-group; }
.records tr { break-inside: avoid; }
.records .date { white-space: nowrap; }
.status-dishonest { font-weight: bold; }
.none { margin: 2mm 0; }
footer { display: flex; gap: 6mm; align-items: center; margin-top: 10mm; break-inside: avoid; }
.qr { width: 32mm; height: 32mm; flex: none; }
.qr svg { width: 100%; height: 100%; }
.verify p { margin: 0 0 1.5mm; }
.url { font-size: 8.5pt; word-break: break-all; }
.notice { font-size: 8.5pt; color: #444; }
`;
}
