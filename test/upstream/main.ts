/**
 * Runs the reference upstream on its own, for the demo or manual testing:
 *   node --import tsx test/upstream/main.ts [port] [--fault=http-500]
 * The port comes from the first argument, else UPSTREAM_PORT, else 8787 (the default config's).
 */
import { startReferenceUpstream, UPSTREAM_FAULTS, type UpstreamFault } from './reference-upstream.ts';

const args = process.argv.slice(2);
const portArg = args.find((arg) => /^\d+$/.test(arg)) ?? process.env.UPSTREAM_PORT ?? '8787';
const faultArg = args.find((arg) => arg.startsWith('--fault='))?.slice('--fault='.length) ?? 'none';

const port = Number(portArg);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port ${JSON.stringify(portArg)}: give 0-65535 as the first argument or in UPSTREAM_PORT`);
  process.exit(2);
}
if (!(UPSTREAM_FAULTS as readonly string[]).includes(faultArg)) {
  console.error(`unknown fault ${JSON.stringify(faultArg)}: one of ${UPSTREAM_FAULTS.join(', ')}`);
  process.exit(2);
}

const upstream = await startReferenceUpstream({ host: '127.0.0.1', port });
upstream.setFault(faultArg as UpstreamFault);
console.log(`reference upstream listening on ${upstream.url}${faultArg === 'none' ? '' : ` (fault: ${faultArg})`}`);

const stop = () => {
  void upstream.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
