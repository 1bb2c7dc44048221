/** An ID card sliding onto the reader pad, drawn inline so the kiosk needs no image assets. */
export function CardIllustration({ label }: { label: string }) {
  return (
    <svg className="card-illustration" viewBox="0 0 320 220" role="img" aria-label={label}>
      <rect x="40" y="120" width="240" height="80" rx="14" className="reader-body" />
      <rect x="70" y="132" width="180" height="50" rx="8" className="reader-pad" />
      <g className="reader-waves">
        <path d="M140 150 q20 -14 40 0" />
        <path d="M128 142 q32 -24 64 0" />
      </g>
      <g className="card-sprite">
        <rect x="90" y="20" width="140" height="88" rx="10" className="card-face" />
        <rect x="104" y="36" width="36" height="44" rx="4" className="card-photo" />
        <rect x="150" y="40" width="66" height="8" rx="4" className="card-line" />
        <rect x="150" y="56" width="52" height="8" rx="4" className="card-line" />
        <rect x="104" y="88" width="112" height="8" rx="4" className="card-line" />
      </g>
    </svg>
  );
}
