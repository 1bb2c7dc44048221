/**
 * electron-builder's beforePack hook (electron-builder.yml): a Linux package ships the handwriting
 * helper, which `npm run package` compiles with the host's C compiler. Packaging for another
 * architecture would ship a program that cannot run there, and a missing helper would only show on
 * the terminal (as the handwriting alert); both stop the build here with the reason instead.
 */
import { accessSync, constants, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { HELPER_BINARY } from './build-helper.mjs';

/** ELF e_machine values of the architectures electron-builder names (its Arch enum: 1 x64, 2 armv7l, 3 arm64). */
const ELF_MACHINE_BY_ARCH = new Map([
  [1, { name: 'x64', machine: 0x3e }],
  [2, { name: 'armv7l', machine: 0x28 }],
  [3, { name: 'arm64', machine: 0xb7 }],
]);

/** The ELF machine of a program file, or undefined when it is not an ELF file. */
export function elfMachine(path) {
  const header = Buffer.alloc(20);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, header, 0, 20, 0) < 20) return undefined;
  } finally {
    closeSync(fd);
  }
  if (header.readUInt32BE(0) !== 0x7f454c46) return undefined;
  // EI_DATA (byte 5): 1 little-endian, 2 big-endian.
  return header[5] === 2 ? header.readUInt16BE(18) : header.readUInt16LE(18);
}

/** Throws with the reason when `helperPath` cannot serve a package for electron-builder's `arch`. */
export function checkHelperFor(arch, helperPath = HELPER_BINARY) {
  const target = ELF_MACHINE_BY_ARCH.get(arch);
  if (!target) throw new Error(`handwriting helper: no build for architecture ${arch}`);
  if (!existsSync(helperPath)) throw new Error(`handwriting helper missing at ${helperPath}: run npm run build:handwriting`);
  accessSync(helperPath, constants.X_OK);
  const machine = elfMachine(helperPath);
  if (machine !== target.machine) {
    throw new Error(
      `handwriting helper at ${helperPath} is not built for ${target.name} (ELF machine ${machine === undefined ? 'none' : `0x${machine.toString(16)}`}); build it on (or for) the target`,
    );
  }
}

export async function beforePack(context) {
  if (context.electronPlatformName !== 'linux') return;
  checkHelperFor(context.arch);
}
