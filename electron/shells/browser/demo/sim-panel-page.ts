/** The simulator panel's page: bilingual labels, inline script, no external assets. */
export const simPanelHtml = (samples: string[], scanner: boolean): string => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>设备模拟器 / Device simulators</title>
<style>
body{font:18px system-ui,sans-serif;margin:24px;background:#f4f6f8;color:#1a1a1a}
section{background:#fff;border-radius:8px;padding:16px;margin-bottom:16px}
button{font-size:18px;min-height:48px;margin:4px;padding:0 16px}
pre{background:#111;color:#eee;padding:12px;white-space:pre-wrap;min-height:80px}
</style></head><body>
<h1>设备模拟器 / Device simulators</h1>
<section><h2>身份证阅读器 / ID-card reader</h2>
${samples.map((s) => `<button data-card="${s}">放置证件 / Place card: ${s}</button>`).join('\n')}
<button id="remove">取走证件 / Remove card</button></section>
<section><h2>扫码器 / QR scanner</h2>
${
  scanner
    ? `<button data-scan="e-licence">扫电子营业执照 / Scan e-licence (business licence)</button>
<button data-scan="receipt">扫办件回执二维码 / Scan progress receipt QR</button>
<button data-scan="garbage">扫无法识别的码 / Scan a garbled code</button>
<button data-scan="payment-code">扫付款码（微信）/ Scan a payment code (WeChat Pay)</button>
<p>先在终端上打开“扫码亮证”或“办件查询 · 扫码”页面。 / Open the e-licence or progress-by-scan screen on the kiosk first.</p>`
    : '<p>本演示终端未启用串口扫码器。 / This demo terminal runs without a serial scanner.</p>'
}</section>
<section><h2>手机支付 / Phone payment</h2>
<button id="phone-pays">用手机扫码付款 / Pay the code on screen with a phone</button>
<p>先在终端上选择“手机扫码支付”。支付平台随后把到账通知发到终端给它的通知地址（配置了控制台中转时经由控制台）。 / Choose to pay by phone on the kiosk first. The payment server then posts its notification to the notify URL the terminal gave it (through the console's relay when configured).</p>
<p id="phone-pay" role="status"></p><pre id="notifications"></pre></section>
<section><h2>打印机 / Receipt printer</h2>
<button data-cond='{"paperOut":true}'>缺纸 / Paper out</button>
<button data-cond='{"paperOut":false,"coverOpen":false,"paperNearEnd":false}'>正常 / Normal</button>
<button data-cond='{"coverOpen":true}'>开盖 / Cover open</button>
<button data-cond='{"paperNearEnd":true}'>纸将尽 / Paper near end</button>
<h3>最近回执 / Last receipt</h3><pre id="receipt"></pre></section>
<section><h2>发证机 / Certificate dispenser</h2>
<button data-dispenser="take">取走出证口的证件 / Take the card at the mouth</button>
<button data-dispenser="jam">下一动作卡证 / Jam the next move</button>
<button data-dispenser="clear-jam">清除卡证 / Clear the jam</button>
<button data-dispenser="empty-bin">清空回收箱 / Empty the capture bin</button>
<p id="dispenser" role="status"></p></section>
<section><h2>网络与业务系统 / Network and upstream</h2>
<button data-link="network-down">断网 / Network down</button>
<button data-link="upstream-down">业务系统故障 / Upstream down</button>
<button data-link="normal">恢复 / Back to normal</button>
<p id="link" role="status"></p></section>
<script>
const post = (path, body) => fetch(path, {method:'POST', headers:{'x-sim-panel':'1','content-type':'application/json'}, body: JSON.stringify(body||{})});
document.querySelectorAll('[data-card]').forEach(b => b.onclick = () => post('/card/present', {sample: b.dataset.card}));
document.getElementById('remove').onclick = () => post('/card/remove');
document.querySelectorAll('[data-scan]').forEach(b => b.onclick = () => post('/scanner/scan', {sample: b.dataset.scan}));
document.querySelectorAll('[data-link]').forEach(b => b.onclick = async () => {
  const r = await (await post('/upstream/condition', {condition: b.dataset.link})).json();
  document.getElementById('link').textContent = r.network ? '终端网络状态 / Terminal network state: ' + r.network : (r.error || ''); });
document.querySelectorAll('[data-dispenser]').forEach(b => b.onclick = () => post('/dispenser/' + b.dataset.dispenser));
async function pollDispenser(){ const r = await (await fetch('/dispenser/state')).json();
  document.getElementById('dispenser').textContent = '通道 / Channel: ' + r.channel + ' · 回收箱 / Bin: ' + r.bin + ' · 已取走 / Taken: ' + r.taken; }
setInterval(pollDispenser, 1000); pollDispenser();
document.getElementById('phone-pays').onclick = async () => {
  const r = await (await post('/payment/phone-pays')).json();
  document.getElementById('phone-pay').textContent = r.error || (r.channel + ' ' + r.orderNo + ': ' + r.state); };
async function pollNotifications(){ const r = await (await fetch('/payment/notifications')).json();
  document.getElementById('notifications').textContent = r.notifications.map(n => '通知 / Notification ' + n.channel + ' ' + n.orderNo + ' → ' + n.status).join('\n'); }
setInterval(pollNotifications, 1000); pollNotifications();
document.querySelectorAll('[data-cond]').forEach(b => b.onclick = () => post('/printer/condition', JSON.parse(b.dataset.cond)));
async function poll(){ const r = await (await fetch('/printer/receipts')).json(); const last = r.receipts[r.receipts.length-1];
  document.getElementById('receipt').textContent = last ? last.lines.join('\\n') + (last.qrCodes.length ? '\\n[QR] ' + last.qrCodes.join('\\n[QR] ') : '') : ''; }
setInterval(poll, 1000); poll();
</script></body></html>`;
