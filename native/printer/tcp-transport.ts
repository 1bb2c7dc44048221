/**
 * Network receipt printers listen on raw TCP port 9100 ("JetDirect") and speak the same ESC/POS
 * byte stream, including DLE EOT status replies on the same socket.
 */
import { Socket } from 'node:net';
import { PrinterError } from './printer-errors.ts';
import { StreamPrinterTransport } from './transport.ts';

export interface TcpPrinterTransportOptions {
  host: string;
  /** Default 9100. */
  port?: number;
  connectTimeoutMs?: number;
  writeTimeoutMs?: number;
}

export class TcpPrinterTransport extends StreamPrinterTransport {
  readonly description: string;
  readonly #options: TcpPrinterTransportOptions;
  #socket: Socket | undefined;

  constructor(options: TcpPrinterTransportOptions) {
    super(options.writeTimeoutMs ?? 30_000);
    this.#options = options;
    this.description = `tcp://${options.host}:${options.port ?? 9100}`;
  }

  get isOpen(): boolean {
    const socket = this.#socket;
    return socket !== undefined && !socket.destroyed && socket.readyState === 'open';
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const socket = new Socket();
    const timeoutMs = this.#options.connectTimeoutMs ?? 5000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new PrinterError('open-failed', `${this.description}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const code = error.code === 'ECONNREFUSED' || error.code === 'EHOSTUNREACH' ? 'port-not-found' : 'open-failed';
        reject(new PrinterError(code, `${this.description}: ${error.message}`, { cause: error }));
      });
      socket.connect({ host: this.#options.host, port: this.#options.port ?? 9100 }, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve();
      });
    });
    // Status requests are 12 bytes: do not let Nagle hold them back.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', (error: Error) => this.failed(error));
    socket.once('close', () => {
      if (this.#socket === socket) this.#socket = undefined;
      this.closed('connection closed');
    });
    this.#socket = socket;
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      // A printer that never acknowledges the FIN must not keep close() waiting.
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  protected send(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (!socket) return Promise.reject(new PrinterError('disconnected', `${this.description} is not open`));
    return new Promise<void>((resolve, reject) => {
      socket.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }
}
