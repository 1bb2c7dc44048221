/**
 * The whole terminal on one machine with no hardware: the production browser terminal
 * (browser-terminal.ts, what `npm run serve` runs) with simulated ID-card reader, receipt printer
 * and serial QR scanner over real PTY pairs and the reference upstream on loopback, both handed to
 * it as configuration. Used by `npm start`, by the end-to-end tests and by maintenance staff on a bench.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPtyPair, type PtyPair } from '../../../../native/serial/pty-pair.ts';
import { IdCardSimulator } from '../../../../native/simulators/idcard-simulator.ts';
import { PrinterSimulator } from '../../../../native/simulators/printer-simulator.ts';
import { ScannerSimulator } from '../../../../native/simulators/scanner-simulator.ts';
import { DispenserSimulator } from '../../../../native/simulators/dispenser-simulator.ts';
import { sampleCertificates } from '../../../../test/upstream/certificate-routes.ts';
import { startReferenceUpstream } from '../../../../test/upstream/reference-upstream.ts';
import { demoPaymentCredentials } from '../../../../test/payments/payment-credentials.ts';
import { startReferencePaymentServer, type ReferencePaymentServerOptions } from '../../../../test/payments/reference-payment-server.ts';
import { CREDENTIAL_FILES, credentialsDir } from '../../../core/config/credentials.ts';
import type { DeviceIsolation } from '../../../core/devices/configured-devices.ts';
import type { KioskCore } from '../../../core/kiosk-core.ts';
import { createLogger, type Logger } from '../../../core/logging/logger.ts';
import { defaultStaticDir, startBrowserTerminal } from '../browser-terminal.ts';

export interface DemoStackOptions {
  /** Port of the kiosk UI; 0 picks a free one. */
  port?: number;
  upstreamPort?: number;
  /** Kept on close; without it the stack works in a temporary folder that close() removes. */
  dataDir?: string;
  projectRoot?: string;
  /** Where device drivers run; defaults to a child process per driver. */
  deviceIsolation?: DeviceIsolation;
  /** Merged into the generated config override (e.g. shorter timeouts for tests). */
  configOverride?: Record<string, unknown>;
  logger?: Logger;
  /**
   * A simulated serial QR scanner the core reads (default true). false leaves the terminal with no
   * scanner of its own, as on a terminal that only has a keyboard-wedge scanner.
   */
  scanner?: boolean;
  /** The CUPS client for A4 printing (default 'lp' on PATH); when it is missing the terminal offers no A4 printing. */
  lpCommand?: string;
  /** Keep `<dataDir>/run/launch-url` holding a fresh one-time launch URL, as `npm run serve` does. */
  launchUrlFile?: boolean;
  /** How the reference payment server behaves (tests: a query lagging the notification). */
  paymentServer?: Pick<ReferencePaymentServerOptions, 'queryLagMs'>;
}

export interface DemoStack {
  url: string;
  /** For in-process callers only (tests over CDP): carries the token itself, never print it. */
  launchUrl: string;
  /** A URL with a fresh one-time launch code: what may be printed or given to a browser. */
  issueLaunchUrl(): string;
  token: string;
  upstreamUrl: string;
  dataDir: string;
  /** Set when the stack was started with `launchUrlFile: true`. */
  launchUrlFile: string | undefined;
  core: KioskCore;
  idCard: IdCardSimulator;
  printer: PrinterSimulator;
  /** Undefined when the stack was started with `scanner: false`. */
  scanner: ScannerSimulator | undefined;
  /** The certificate card dispenser (自助取证), loaded with the reference upstream's sample certificates. */
  dispenser: DispenserSimulator;
  upstream: Awaited<ReturnType<typeof startReferenceUpstream>>;
  /** The reference payment server the terminal's payment channels talk to. */
  paymentServer: Awaited<ReturnType<typeof startReferencePaymentServer>>;
  close(): Promise<void>;
}

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const root = resolve(options.projectRoot ?? process.cwd());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-demo-'));
  mkdirSync(dataDir, { recursive: true });
  const logger = options.logger ?? createLogger({ level: 'warn' });
  const cleanups: (() => Promise<unknown>)[] = [];
  // First in, so it runs last: after the core has closed the database and its logs.
  if (options.dataDir === undefined) cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    })());
  try {
    const idPty: PtyPair = await createPtyPair('idcard');
    cleanups.push(() => idPty.close());
    const printerPty: PtyPair = await createPtyPair('printer');
    cleanups.push(() => printerPty.close());

    const idCard = new IdCardSimulator({ path: idPty.simulatorPath, baudRate: 115200 });
    await idCard.start();
    cleanups.push(() => idCard.stop());
    const printer = new PrinterSimulator({ path: printerPty.simulatorPath, baudRate: 115200 });
    await printer.start();
    cleanups.push(() => printer.stop());

    let scanner: ScannerSimulator | undefined;
    let scannerPath: string | undefined;
    if (options.scanner !== false) {
      const scannerPty: PtyPair = await createPtyPair('scanner');
      cleanups.push(() => scannerPty.close());
      const simulator = new ScannerSimulator({ path: scannerPty.simulatorPath, baudRate: 9600 });
      await simulator.start();
      cleanups.push(() => simulator.stop());
      scanner = simulator;
      scannerPath = scannerPty.devicePath;
    }

    const dispenserPty: PtyPair = await createPtyPair('dispenser');
    cleanups.push(() => dispenserPty.close());
    const dispenser = new DispenserSimulator({
      path: dispenserPty.simulatorPath,
      baudRate: 9600,
      moveMs: 150,
      slots: Object.fromEntries(sampleCertificates.map((c) => [c.slot, c.certificateNumber])),
    });
    await dispenser.start();
    cleanups.push(() => dispenser.stop());

    const upstream = await startReferenceUpstream({ host: '127.0.0.1', port: options.upstreamPort ?? 0 });
    cleanups.push(() => upstream.close());

    // The reference payment server, and the demo merchant's secrets where the core reads them (fixed names).
    const payCreds = demoPaymentCredentials();
    const paymentServer = await startReferencePaymentServer(payCreds, options.paymentServer ?? {});
    cleanups.push(() => paymentServer.close());
    // Fines' 缴款码 are issued by the upstream and collected by the non-tax platform: one notice list.
    upstream.shareNotices(paymentServer.notices);
    const credDir = credentialsDir(dataDir);
    mkdirSync(credDir, { recursive: true, mode: 0o700 });
    const secretFiles: Array<[keyof typeof CREDENTIAL_FILES, string]> = [
      ['wechatPayApiKey', payCreds.wechat.apiKey],
      ['alipayAppPrivateKey', payCreds.alipay.appPrivateKey],
      ['alipayPublicKey', payCreds.alipay.alipayPublicKey],
      ['unionpaySecureKey', payCreds.unionpay.secureKey],
      ['nonTaxAppSecret', payCreds.nonTax.appSecret],
    ];
    for (const [name, text] of secretFiles) writeFileSync(join(credDir, CREDENTIAL_FILES[name]), text, { mode: 0o600 });

    const configOverridePath = join(dataDir, 'config.json');
    const override = deepMerge(
      {
        upstream: { baseUrl: upstream.url },
        payments: {
          gatewayUrl: paymentServer.url,
          wechatPay: { appId: payCreds.wechat.appId, mchId: payCreds.wechat.mchId },
          alipay: { appId: payCreds.alipay.appId },
          unionpayQr: { merId: payCreds.unionpay.merId },
          nonTax: { appId: payCreds.nonTax.appId, agencyCode: payCreds.nonTax.agencyCode },
        },
        // The sample cards' photos are filler bytes: only the test decoder "reads" them (人证核验).
        personCheck: { decoder: 'test' },
        devices: {
          idCard: { enabled: true, path: idPty.devicePath, baudRate: 115200 },
          printer: { enabled: true, path: printerPty.devicePath, baudRate: 115200 },
          ...(scannerPath ? { scanner: { enabled: true, path: scannerPath, baudRate: 9600 } } : {}),
          dispenser: { enabled: true, path: dispenserPty.devicePath, baudRate: 9600 },
        },
      },
      options.configOverride ?? {},
    );
    writeFileSync(configOverridePath, JSON.stringify(override, null, 2));

    const terminal = await startBrowserTerminal({
      dataDir,
      resourcesDir: join(root, 'resources'),
      staticDir: defaultStaticDir(root),
      port: options.port ?? 0,
      configOverridePath,
      logger,
      ...(options.deviceIsolation ? { deviceIsolation: options.deviceIsolation } : {}),
      ...(options.lpCommand ? { lpCommand: options.lpCommand } : {}),
      ...(options.launchUrlFile ? { launchUrlFile: true } : {}),
    });
    cleanups.push(() => terminal.close());
    const { core, shell } = terminal;

    return {
      url: shell.url,
      launchUrl: shell.launchUrl,
      issueLaunchUrl: () => shell.issueLaunchUrl(),
      token: shell.token,
      upstreamUrl: upstream.url,
      dataDir,
      launchUrlFile: terminal.launchUrlFile,
      core,
      idCard,
      printer,
      scanner,
      dispenser,
      upstream,
      paymentServer,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Json, extra: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}
