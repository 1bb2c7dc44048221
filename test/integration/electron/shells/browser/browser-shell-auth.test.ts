import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserShell } from '../../../../../electron/shells/browser/server.ts';
import { Client, connect, connectOk, createTestDispatcher, startTestShell } from '../../../../support/browser-shell-stack.ts';

describe('browser shell: WebSocket handshake authentication', () => {
  let env: Awaited<ReturnType<typeof startTestShell>>;
  beforeAll(async () => {
    env = await startTestShell();
  });
  afterAll(async () => {
    await env.stop();
  });

  it('hands out a random base64url token per launch, only in the URL fragment', async () => {
    const other = await startBrowserShell({ port: 0, apiHost: createTestDispatcher().dispatcher, staticDir: env.dir.staticDir });
    try {
      expect(env.shell.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(other.token).not.toBe(env.shell.token);
      expect(env.shell.url).toBe(`http://127.0.0.1:${env.shell.port}/`);
      expect(env.shell.launchUrl).toBe(`${env.shell.url}#token=${env.shell.token}`);
    } finally {
      await other.close();
    }
  });

  it('refuses a wrong token with 401', async () => {
    const wrong = env.shell.token.slice(0, -1) + (env.shell.token.endsWith('A') ? 'B' : 'A');
    const outcome = await connect(env.shell, { protocols: ['kiosk.v1', `kiosk-token.${wrong}`] });
    expect(outcome).toMatchObject({ opened: false, status: 401 });
  });

  it('refuses a token of a different length with 401 (no timingSafeEqual length throw)', async () => {
    const outcome = await connect(env.shell, { protocols: ['kiosk.v1', 'kiosk-token.short'] });
    expect(outcome).toMatchObject({ opened: false, status: 401 });
  });

  it('refuses a missing token with 401', async () => {
    const outcome = await connect(env.shell, { protocols: ['kiosk.v1'] });
    expect(outcome).toMatchObject({ opened: false, status: 401 });
    if (!outcome.opened) expect(outcome.body).toContain('missing token');
  });

  it('refuses a foreign Origin with 403 even with the right token', async () => {
    const outcome = await connect(env.shell, { origin: 'http://evil.example' });
    expect(outcome).toMatchObject({ opened: false, status: 403 });
  });

  it('refuses the right host on another port, and https, as foreign origins', async () => {
    for (const origin of [`http://127.0.0.1:${env.shell.port + 1}`, `https://127.0.0.1:${env.shell.port}`, 'null']) {
      expect(await connect(env.shell, { origin })).toMatchObject({ opened: false, status: 403 });
    }
  });

  it('refuses a missing Origin with 403', async () => {
    const outcome = await connect(env.shell, { origin: null });
    expect(outcome).toMatchObject({ opened: false, status: 403 });
  });

  it('refuses a handshake that does not offer kiosk.v1 with 400', async () => {
    const outcome = await connect(env.shell, { protocols: [`kiosk-token.${env.shell.token}`] });
    expect(outcome).toMatchObject({ opened: false, status: 400 });
  });

  it('refuses other paths with 404', async () => {
    const outcome = await connect(env.shell, { path: '/other' });
    expect(outcome).toMatchObject({ opened: false, status: 404 });
  });

  it('refuses a foreign Host header with 421 even with the right token and origin (DNS rebinding)', async () => {
    const outcome = await connect(env.shell, { headers: { Host: `evil.example:${env.shell.port}` } });
    expect(outcome).toMatchObject({ opened: false, status: 421 });
  });

  it('never echoes the token in a refusal', async () => {
    const outcome = await connect(env.shell, { origin: 'http://evil.example' });
    expect(outcome.opened).toBe(false);
    if (!outcome.opened) expect(outcome.body).not.toContain(env.shell.token);
  });

  it('accepts the right token and origin, selects kiosk.v1 and serves getTerminalInfo', async () => {
    const client = await connectOk(env.shell);
    try {
      expect(client.socket.protocol).toBe('kiosk.v1');
      const result = await client.call(1, 'getTerminalInfo', {});
      expect(result.response).toEqual({ ok: true, value: expect.objectContaining({ terminalId: 'KM-TEST-0001' }) });
      expect(env.callers.at(-1)).toMatch(/^browser:ws-\d+$/);
    } finally {
      await client.close();
    }
  });

  it('accepts http://localhost:PORT as our own origin', async () => {
    const outcome = await connect(env.shell, { origin: `http://localhost:${env.shell.port}` });
    expect(outcome.opened).toBe(true);
    if (outcome.opened) outcome.socket.close();
  });
});

describe('browser shell: binding and connection limits', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', 'localhost', 'example.com'])('refuses to bind to %s', async (host) => {
    const { dispatcher } = createTestDispatcher();
    await expect(startBrowserShell({ host, port: 0, apiHost: dispatcher, staticDir: '/nonexistent' })).rejects.toThrow(
      /only loopback/,
    );
  });

  it('refuses a token that cannot travel as a subprotocol', async () => {
    const { dispatcher } = createTestDispatcher();
    await expect(
      startBrowserShell({ port: 0, apiHost: dispatcher, staticDir: '/nonexistent', token: 'has spaces, commas' }),
    ).rejects.toThrow(/base64url/);
  });

  it('refuses connections beyond the limit with 503 and frees the slot on close', async () => {
    const env = await startTestShell({ maxConnections: 2 });
    try {
      const first = await connectOk(env.shell);
      const second = await connectOk(env.shell);
      expect(await connect(env.shell)).toMatchObject({ opened: false, status: 503 });
      await first.close();
      // The server sees the close a moment after the client does: retry until the slot is free.
      let third = await connect(env.shell);
      await expect
        .poll(
          async () => {
            if (!third.opened) third = await connect(env.shell);
            return third.opened;
          },
          { timeout: 2000, interval: 25 },
        )
        .toBe(true);
      // Narrows the type; the poll above has already failed the test if the slot stayed taken.
      if (!third.opened) throw new Error(`slot not freed: ${third.status}`);
      const thirdClient = new Client(third.socket);
      expect((await thirdClient.call(7, 'getTerminalInfo', {})).response.ok).toBe(true);
      await Promise.all([second.close(), thirdClient.close()]);
    } finally {
      await env.stop();
    }
  });
});
