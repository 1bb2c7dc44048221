/**
 * A QR code drawn client-side as inline SVG. The `qrcode` package is loaded on first use (its
 * own lazy chunk): the home screen never pays for it. Only the module matrix is taken from it;
 * the SVG is one path, crisp at any size, and needs no canvas or network.
 */
import { useEffect, useState } from 'react';
import { modulePath } from './qr-path.ts';

interface QrCodeProps {
  value: string;
  /** Accessible description of what the code is for. */
  label: string;
  testId?: string;
}

export function QrCode({ value, label, testId }: QrCodeProps) {
  const [matrix, setMatrix] = useState<{ size: number; path: string } | null>(null);
  useEffect(() => {
    let live = true;
    setMatrix(null);
    void import('qrcode').then(({ create }) => {
      if (!live) return;
      const { modules } = create(value, { errorCorrectionLevel: 'M' });
      setMatrix({ size: modules.size, path: modulePath(modules.size, (r, c) => modules.get(r, c) !== 0) });
    });
    return () => {
      live = false;
    };
  }, [value]);

  const quiet = 4;
  return (
    <figure className="qr" data-testid={testId} data-value={value} data-ready={matrix !== null}>
      {matrix === null ? (
        <span className="qr-placeholder" aria-hidden="true" />
      ) : (
        <svg
          viewBox={`${-quiet} ${-quiet} ${matrix.size + quiet * 2} ${matrix.size + quiet * 2}`}
          role="img"
          aria-label={label}
          shapeRendering="crispEdges"
        >
          <rect x={-quiet} y={-quiet} width={matrix.size + quiet * 2} height={matrix.size + quiet * 2} fill="#ffffff" />
          <path d={matrix.path} fill="#000000" />
        </svg>
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}
