/**
 * Horizontal bars drawn as SVG in React: enough for a month's figures per service, hall or
 * terminal without a chart library. The numbers are also in the table beside it; the chart is
 * described to screen readers by its label.
 */
export interface Bar {
  key: string;
  label: string;
  value: number;
  /** A second, smaller figure drawn inside the bar (e.g. evaluations within transactions). */
  inner?: number;
}

const ROW = 26;
const LABEL = 180;
const WIDTH = 720;

export function BarChart({ bars, label }: { bars: Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const span = WIDTH - LABEL - 70;
  return (
    <svg className="bar-chart" role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${Math.max(1, bars.length) * ROW + 4}`} width="100%" style={{ maxWidth: WIDTH }}>
      {bars.map((b, i) => {
        const y = i * ROW + 2;
        const w = (b.value / max) * span;
        return (
          <g key={b.key} data-bar={b.key}>
            <text x={LABEL - 8} y={y + ROW / 2 + 4} textAnchor="end" fontSize="13">{b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}</text>
            <rect x={LABEL} y={y + 3} width={w} height={ROW - 6} fill="#5b8fd6" rx="2" />
            {b.inner !== undefined && <rect x={LABEL} y={y + 8} width={(b.inner / max) * span} height={ROW - 16} fill="#1f4f8f" rx="1" />}
            <text x={LABEL + w + 6} y={y + ROW / 2 + 4} fontSize="13">{b.value}</text>
          </g>
        );
      })}
    </svg>
  );
}
