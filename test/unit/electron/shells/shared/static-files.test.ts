import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveStaticFile, toRelativePath } from '../../../../../electron/shells/shared/static-files.ts';

describe('toRelativePath', () => {
  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/app-1a2b.js', 'assets/app-1a2b.js'],
    ['/fonts/%E6%80%9D%E6%BA%90.woff2', 'fonts/思源.woff2'],
  ])('maps %s to %s', (input, expected) => {
    expect(toRelativePath(input)).toBe(expected);
  });

  it.each([
    'index.html',
    '/../x',
    '/a/../../x',
    '/%2e%2e/x',
    '/%2E%2e/x',
    '/..%2fx',
    '/a/%2e/x',
    '/..\\x',
    '/%5c..%5cx',
    '/x%00.js',
    '/%E0%A4%A',
    '//etc/passwd',
    '/assets/',
    '/a//b',
  ])('refuses %s', (input) => {
    expect(toRelativePath(input)).toBeNull();
  });
});

describe('resolveStaticFile', () => {
  let root: string;
  let staticDir: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'kiosk-static-'));
    staticDir = path.join(root, 'renderer');
    await mkdir(path.join(staticDir, 'assets'), { recursive: true });
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html>');
    await writeFile(path.join(staticDir, 'assets', 'a.css'), 'body{}');
    await writeFile(path.join(root, 'renderer-secret.txt'), 'secret');
    await symlink(path.join(root, 'renderer-secret.txt'), path.join(staticDir, 'link.txt'));
    await symlink(path.join(staticDir, 'assets', 'a.css'), path.join(staticDir, 'inner-link.css'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('resolves files under the root with size and type', async () => {
    expect(await resolveStaticFile(staticDir, '/')).toEqual({
      absolutePath: path.join(staticDir, 'index.html'),
      size: '<!doctype html>'.length,
      contentType: 'text/html; charset=utf-8',
    });
    expect(await resolveStaticFile(staticDir, '/assets/a.css')).toMatchObject({ contentType: 'text/css; charset=utf-8' });
  });

  it('refuses dot segments before touching the file system', async () => {
    expect(await resolveStaticFile(staticDir, '/../renderer-secret.txt')).toBeNull();
  });

  it('follows symlinks only while they stay inside the root', async () => {
    // The target '<root>/renderer-secret.txt' starts with the string '<root>/renderer': only a
    // separator-aware containment check refuses it.
    expect(await resolveStaticFile(staticDir, '/link.txt')).toBeNull();
    expect(await resolveStaticFile(staticDir, '/inner-link.css')).toMatchObject({ size: 6 });
  });

  it('refuses directories, missing files and a missing root', async () => {
    expect(await resolveStaticFile(staticDir, '/assets')).toBeNull();
    expect(await resolveStaticFile(staticDir, '/nope.js')).toBeNull();
    expect(await resolveStaticFile(path.join(root, 'missing'), '/')).toBeNull();
  });
});

describe('mimeTypeFor', () => {
  it('knows the renderer asset types and falls back to octet-stream', () => {
    expect(mimeTypeFor('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('voice/welcome.mp3')).toBe('audio/mpeg');
    expect(mimeTypeFor('icon.png')).toBe('image/png');
    expect(mimeTypeFor('data.bin')).toBe('application/octet-stream');
    expect(mimeTypeFor('noext')).toBe('application/octet-stream');
  });
});
