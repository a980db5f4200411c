import { CHART_COLOURS } from './chart-theme';

const WIDTH = 96;
const HEIGHT = 22;

/**
 * A tiny trend of requests per interval (failures in red beneath), drawn as plain SVG: a table
 * shows hundreds of them, too many for a full chart each.
 */
export function Sparkline({ points, label }: { points: readonly { count: number; errors: number }[]; label: string }) {
  if (points.length < 2) return <span className="muted">–</span>;
  const max = Math.max(1, ...points.map((p) => p.count));
  const x = (i: number) => (i / (points.length - 1)) * WIDTH;
  const y = (v: number) => HEIGHT - 1 - (v / max) * (HEIGHT - 2);
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.count).toFixed(1)}`).join(' ');
  const hasErrors = points.some((p) => p.errors > 0);
  const errors = points.map((p, i) => `${x(i).toFixed(1)},${y(p.errors).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <polyline points={line} fill="none" stroke={CHART_COLOURS.primary} strokeWidth={1.5} strokeLinejoin="round" />
      {hasErrors && <polyline points={errors} fill="none" stroke={CHART_COLOURS.error} strokeWidth={1.2} strokeLinejoin="round" />}
    </svg>
  );
}
