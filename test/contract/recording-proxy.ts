/**
 * A loopback HTTP proxy between the terminal's clients and the reference upstream that checks
 * every request it forwards and every answer it relays against the upstream document, and keeps
 * a record of each exchange. Nothing is changed on the way: the terminal and the reference
 * upstream talk as if directly, faults (resets, dropped answers) included.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UpstreamDocument } from './upstream-document.ts';

export interface Exchange {
  method: string;
  path: string;
  /** Undefined when no operation of the document matches the request. */
  operationId: string | undefined;
  /** The document's response key the answer fell under ('201', '5XX'); undefined without an answer. */
  responseKey: string | undefined;
  status: number | undefined;
  /** `kind` of a submission body, to check every submission kind is exercised. */
  submissionKind: string | undefined;
  requestIssues: string[];
  responseIssues: string[];
}

export interface RecordingProxy {
  url: string;
  readonly exchanges: readonly Exchange[];
  /** Where requests go; requests that arrive before it is set wait for it. */
  setTarget(url: string): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startRecordingProxy(document: UpstreamDocument): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  let resolveTarget: (url: string) => void = () => {};
  const target = new Promise<string>((resolve) => {
    resolveTarget = resolve;
  });

  const server = createServer((req, res) => {
    void relay(req, res).catch(() => res.destroy());
  });

  async function relay(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = new URL(url, 'http://proxy.invalid').pathname;
    const checked = document.checkRequest({ method, url, headers: req.headers, body });
    const exchange: Exchange = {
      method,
      path,
      operationId: checked.operation?.id,
      responseKey: undefined,
      status: undefined,
      submissionKind: submissionKind(checked.operation?.id, body),
      requestIssues: checked.issues,
      responseIssues: [],
    };
    exchanges.push(exchange);

    const base = new URL(await target);
    const headers: IncomingHttpHeaders = { ...req.headers, host: base.host };
    // No keep-alive towards the reference: a socket it destroyed on purpose must not be reused.
    delete headers.connection;
    const upstream = httpRequest({ host: base.hostname, port: base.port, method, path: url, headers, agent: false });
    const abandon = () => upstream.destroy();
    res.on('close', abandon);
    upstream.on('error', () => {
      // The reference upstream dropped the connection (a reset or lost-response fault): so do we.
      if (!res.headersSent) res.destroy();
    });
    upstream.on('response', (answer) => {
      void readAll(answer)
        .then((text) => {
          const status = answer.statusCode ?? 0;
          exchange.status = status;
          if (checked.operation) {
            exchange.responseKey = document.responseKey(checked.operation, status);
            exchange.responseIssues = document.checkResponse(checked.operation, { status, contentType: answer.headers['content-type'], body: text });
          }
          res.off('close', abandon);
          const out = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
          delete out['transfer-encoding'];
          delete out.connection;
          res.writeHead(status, out);
          res.end(text);
        })
        .catch(() => res.destroy());
    });
    upstream.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    setTarget: (url) => resolveTarget(url),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large for the recording proxy'));
        stream.destroy();
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
    stream.on('aborted', () => reject(new Error('aborted')));
  });
}

function submissionKind(operationId: string | undefined, body: string): string | undefined {
  if (operationId !== 'submit') return undefined;
  try {
    const kind = (JSON.parse(body) as { kind?: unknown }).kind;
    return typeof kind === 'string' ? kind : undefined;
  } catch {
    return undefined;
  }
}
