/**
 * Resolving and typing the built renderer's files. Pure path logic (no HTTP) so the Electron
 * app:// protocol handler and the browser shell share the same traversal defence.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  absolutePath: string;
  size: number;
  contentType: string;
}

/**
 * Maps a URL pathname (still percent-encoded, as it arrives on the wire) to a regular file under
 * `rootDir`, or null. Null covers everything we refuse to serve: malformed encoding, NUL bytes,
 * backslashes, dot segments, directories, and symlinks leading outside the root.
 */
export async function resolveStaticFile(rootDir: string, encodedPathname: string): Promise<StaticFile | null> {
  const relative = toRelativePath(encodedPathname);
  if (relative === null) return null;
  const root = await realpathOrNull(path.resolve(rootDir));
  if (root === null) return null;
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return null;
  const real = await realpathOrNull(candidate);
  if (real === null || !isInside(root, real)) return null;
  const info = await stat(real).catch(() => null);
  if (!info?.isFile()) return null;
  return { absolutePath: real, size: info.size, contentType: mimeTypeFor(real) };
}

/** Decoded, validated relative path ('index.html' for '/'), or null when the path is suspicious. */
export function toRelativePath(encodedPathname: string): string | null {
  if (!encodedPathname.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  // Refuse rather than normalise: a well-built renderer never links with dot segments.
  if (segments.some((segment) => segment === '.' || segment === '..')) return null;
  if (segments.slice(0, -1).some((segment) => segment === '')) return null;
  const last = segments[segments.length - 1];
  if (last === '' || last === undefined) {
    return segments.length === 1 ? 'index.html' : null;
  }
  return segments.join('/');
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

async function realpathOrNull(target: string): Promise<string | null> {
  try {
    return await realpath(target);
  } catch {
    return null;
  }
}
