import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../format/number.format';
import { useLocale } from '../../i18n/use-locale';
import { CHART_COLOURS } from './chart-theme';

function colourOf(code: string): string {
  if (/^5\d\d$/.test(code) || code === 'ERROR') return CHART_COLOURS.error;
  if (/^4\d\d$/.test(code)) return CHART_COLOURS.tertiary;
  if (/^3\d\d$/.test(code)) return CHART_COLOURS.secondary;
  return CHART_COLOURS.primary;
}

/** How many requests ended with each status code, codes in order, failures in red. */
export function StatusCodeChart({ title, counts, testId }: { title: string; counts: Readonly<Record<string, number>>; testId?: string }) {
  const locale = useLocale();
  const data = Object.entries(counts)
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart__title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={CHART_COLOURS.grid} vertical={false} />
          <XAxis dataKey="code" fontSize={11} />
          <YAxis tickFormatter={(v: number) => formatCount(v, locale)} fontSize={11} width={64} />
          <Tooltip formatter={(value) => formatCount(Number(value), locale)} />
          <Bar dataKey="count" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.code} fill={colourOf(d.code)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
