/**
 * The page citizens see when the kiosk has given up restarting: static, bilingual, no script.
 * It reloads itself every minute, so the real UI comes back on its own once the app answers again.
 */
import { DEFAULT_OUT_OF_SERVICE_TEXT, type OutOfServiceText } from '../../../core/staff/out-of-service-text.ts';

export type { OutOfServiceText };

/** Content-Security-Policy for the page: nothing but its own inline style. */
export const OUT_OF_SERVICE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function outOfServicePage(text: OutOfServiceText = DEFAULT_OUT_OF_SERVICE_TEXT, refreshSeconds = 60): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="${Math.max(5, Math.floor(refreshSeconds))}">
<title>暂停服务 Out of service</title>
<style>
html,body{height:100%;margin:0;background:#f4f5f7;color:#1f2329;font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{height:100%;display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center;padding:0 8vw}
h1{font-size:6vh;margin:0 0 3vh}
p{font-size:3.2vh;margin:1vh 0;max-width:60em}
p[lang="en"]{color:#5a6270}
</style>
</head>
<body>
<main>
<h1>暂停服务</h1>
<p>${escapeHtml(text['zh-CN'])}</p>
<p lang="en">${escapeHtml(text['en-US'])}</p>
</main>
</body>
</html>
`;
}
