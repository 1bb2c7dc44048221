/**
 * Staff CLI: `node --import tsx electron/tools/kiosk-staff.ts keygen|sign|verify|hash-pin|set-pin|add-card|list-cards|remove-card|audit-verify …`
 * (see USAGE in staff-cli.ts, or run it without arguments).
 */
import { runStaffCli } from './staff-cli.ts';

async function readStdin(prompt = 'Input'): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`${prompt} (input is shown; pipe it in to hide it): `);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    // Interactive: one line is enough.
    if (process.stdin.isTTY && Buffer.concat(chunks).includes(0x0a)) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

const code = await runStaffCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin,
  cwd: process.cwd(),
});
process.exitCode = code;
