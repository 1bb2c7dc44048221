/**
 * Response headers for the renderer, shared by the browser shell (HTTP) and the Electron shell
 * (app:// protocol). One definition so the two shells cannot drift apart on what the page may load.
 */

export interface CspOptions {
  /** Extra connect-src sources, e.g. the loopback WebSocket origin of the browser shell. */
  connectSources?: readonly string[];
}

/**
 * 'unsafe-inline' for styles only: React style props and Vite's CSS injection need it; scripts
 * stay strictly 'self' so an injected <script> never runs. 'wasm-unsafe-eval' lets the page compile
 * WebAssembly (the face check's tfjs backend, served from self) and nothing else: eval() and
 * new Function() stay refused.
 */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['connect-src', ["'self'", ...(options.connectSources ?? [])]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['media-src', ["'self'", 'blob:', 'mediastream:']],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['font-src', ["'self'", 'data:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Headers every renderer response carries (HTML, assets and error pages alike). */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': buildContentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** ws:// sources matching the page's own http:// origins (connect-src 'self' is not enough everywhere). */
export function webSocketSourcesFor(httpOrigins: readonly string[]): string[] {
  return httpOrigins.map((origin) => origin.replace(/^http:/, 'ws:'));
}
