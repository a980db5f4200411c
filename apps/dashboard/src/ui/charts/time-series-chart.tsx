import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocale } from '../../i18n/use-locale';
import { CHART_COLOURS, formatAxisTime } from './chart-theme';

export interface ChartSeries {
  readonly id: string;
  readonly label: string;
  readonly colour: string;
  /** Value per point, aligned with `times`; null leaves a gap. */
  readonly values: readonly (number | null)[];
  /** Drawn dashed and grey: the comparison window. */
  readonly previous?: boolean;
}

/** True when some value has no neighbour to draw a line to: such points get a dot, or they would not show at all. */
export function hasIsolatedPoints(values: readonly (number | null)[]): boolean {
  return values.some((v, i) => v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null);
}

/**
 * A line chart over time with one shared value format: the one chart every layer page uses for
 * rates, latencies and gauges, with the comparison window as dashed lines.
 */
export function TimeSeriesChart({
  title,
  times,
  series,
  formatValue,
  height = 180,
  testId,
}: {
  title: string;
  times: readonly number[];
  series: readonly ChartSeries[];
  formatValue: (value: number) => string;
  height?: number;
  testId?: string;
}) {
  const locale = useLocale();
  const spanMs = times.length > 1 ? times[times.length - 1]! - times[0]! : 0;
  const data = times.map((timeMs, i) => {
    const row: Record<string, number | null> = { timeMs };
    for (const s of series) row[s.id] = s.values[i] ?? null;
    return row;
  });
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart__title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={CHART_COLOURS.grid} vertical={false} />
          <XAxis dataKey="timeMs" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatAxisTime(t, locale, spanMs)} fontSize={11} minTickGap={24} />
          <YAxis tickFormatter={(v: number) => formatValue(v)} fontSize={11} width={64} allowDecimals />
          <Tooltip
            labelFormatter={(t) => formatAxisTime(Number(t), locale, spanMs)}
            formatter={(value) => (typeof value === 'number' ? formatValue(value) : String(value ?? '–'))}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {series.map((s) => (
            <Line
              key={s.id}
              dataKey={s.id}
              name={s.label}
              stroke={s.previous ? CHART_COLOURS.previous : s.colour}
              strokeDasharray={s.previous ? '4 3' : undefined}
              strokeWidth={s.previous ? 1.2 : 1.6}
              dot={hasIsolatedPoints(s.values) ? { r: 2.5, strokeWidth: 0, fill: s.previous ? CHART_COLOURS.previous : s.colour } : false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
