/**
 * A real SMTP server on loopback for the alert-mail tests (the `smtp-server` package, the
 * receiving side of nodemailer's authors), plain or over TLS, answering as told: accept, a 4xx or 5xx at the end of
 * DATA, or not listening at all ("down", then back on the same port). Accepted mail is parsed back
 * with mailparser, so tests read the subject and text a mail client would show.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The raw message as it arrived. */
  raw: string;
  /** Whether the session was encrypted (implicit TLS or after STARTTLS). */
  secure: boolean;
}

export type SmtpAnswer = 'accept' | { code: number; message: string };

export interface SmtpTestServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Messages that reached the end of DATA, accepted or not. */
  readonly attempts: number;
  answer: SmtpAnswer;
  /** Forgets what arrived and accepts again (between tests). */
  reset(): void;
  /** Stops listening: the console sees connection refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `tls`: a certificate and key; with `implicit` the server speaks TLS from the first byte, else it
 * offers STARTTLS. Without `tls` it is plain SMTP and offers no STARTTLS.
 */
export async function startSmtpTestServer(options: { auth?: { username: string; password: string }; tls?: { cert: string; key: string; implicit?: boolean } } = {}): Promise<SmtpTestServer> {
  const state = { received: [] as ReceivedMail[], attempts: 0, answer: 'accept' as SmtpAnswer, port: 0, listening: false };
  const make = () => {
    const serverOptions: SMTPServerOptions = {
      // Plain SMTP on loopback, as the console's `tls: "none"` allows there only.
      disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
      ...(options.tls ? { cert: options.tls.cert, key: options.tls.key, secure: options.tls.implicit === true } : {}),
      authOptional: !options.auth,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (options.auth && auth.username === options.auth.username && auth.password === options.auth.password) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          state.attempts += 1;
          const answer = state.answer;
          if (answer !== 'accept') {
            callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              state.received.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                raw,
                secure: session.secure,
              });
              callback();
            },
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
        });
      },
    };
    return new SMTPServer(serverOptions);
  };
  let server = make();
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        state.port = (server.server.address() as AddressInfo).port;
        state.listening = true;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!state.listening) return resolve();
      state.listening = false;
      server.close(() => resolve());
    });
  await listen(0);
  return {
    get port() {
      return state.port;
    },
    received: state.received,
    get attempts() {
      return state.attempts;
    },
    get answer() {
      return state.answer;
    },
    set answer(a: SmtpAnswer) {
      state.answer = a;
    },
    reset: () => {
      state.received.length = 0;
      state.attempts = 0;
      state.answer = 'accept';
    },
    down: stop,
    up: async () => {
      server = make();
      await listen(state.port);
    },
    close: stop,
  };
}
