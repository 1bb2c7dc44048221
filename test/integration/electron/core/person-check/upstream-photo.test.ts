/**
 * The registered-photo call against a real HTTP server on loopback answering what a faulty
 * platform might: the bytes must be the picture the answer announces, and a bad answer is a clear
 * error (an unknown outcome for the citizen: try again), never a photo handed to the screen.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRegisteredPhoto, REGISTERED_PHOTO_PATH } from '../../../../../electron/core/person-check/upstream-photo.ts';
import { UpstreamClient, UpstreamError } from '../../../../../electron/core/upstream/upstream-client.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]);
const subject = { idNumber: '11010519491231002X', name: '张三' };
let answer: unknown = {};
const seen: { path: string; body: string }[] = [];
let server: Server;
let client: UpstreamClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new UpstreamClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 2000, terminalId: 'T-TEST-0001' });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const failure = async (promise: Promise<unknown>): Promise<UpstreamError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
};

describe('the registered photo from the upstream', () => {
  it('asks with the subject in the body, never in the path, and returns the picture', async () => {
    answer = { mime: 'image/png', photoBase64: PNG.toString('base64') };
    const photo = await fetchRegisteredPhoto(client, subject);
    expect(photo).toEqual({ mime: 'image/png', bytes: new Uint8Array(PNG) });
    expect(seen.at(-1)?.path).toBe(REGISTERED_PHOTO_PATH);
    expect(JSON.parse(seen.at(-1)?.body ?? '{}')).toEqual(subject);
    answer = { mime: 'image/jpeg', photoBase64: JPEG.toString('base64') };
    expect((await fetchRegisteredPhoto(client, subject)).mime).toBe('image/jpeg');
  });

  it('refuses bytes that are not the announced picture', async () => {
    answer = { mime: 'image/jpeg', photoBase64: PNG.toString('base64') };
    const error = await failure(fetchRegisteredPhoto(client, subject));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/not the image\/jpeg it claims/);
  });

  it('refuses an answer of the wrong shape: another picture type, no photo, too large, not base64', async () => {
    for (const bad of [
      { mime: 'image/gif', photoBase64: PNG.toString('base64') },
      { mime: 'image/png' },
      { mime: 'image/png', photoBase64: 'A'.repeat(400_000) },
      { mime: 'image/png', photoBase64: 'not base64 at all!' },
    ]) {
      answer = bad;
      expect((await failure(fetchRegisteredPhoto(client, subject))).kind).toBe('bad-response');
    }
  });
});
