import type { Layer, LayerSeriesPoint, RollupSource } from '@linkscope/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type LayerWindow, useLayerSeries } from '../api/layer.queries';
import { formatDurationNs } from '../format/duration.format';
import { formatBytes, formatLatencyUs, formatPercent } from '../format/layer.format';
import { formatCount } from '../format/number.format';
import { useLocale } from '../i18n/use-locale';
import { CHART_COLOURS } from '../ui/charts/chart-theme';
import { StatusCodeChart } from '../ui/charts/status-code-chart';
import { type ChartSeries, TimeSeriesChart } from '../ui/charts/time-series-chart';
import { ErrorState, LoadingState } from '../ui/status-message';
import { entityLabel } from './entity-label';
import { entityTracesHref } from './layer-view.params';

function values(points: readonly LayerSeriesPoint[] | null | undefined, pick: (p: LayerSeriesPoint) => number | null | undefined): (number | null)[] {
  return (points ?? []).map((p) => pick(p) ?? null);
}

/** One entity over the window: its charts (with the comparison window dashed), status codes and a way to its traces. */
export function EntityDetail({ layer, entityKey, window, closeHref, source }: { layer: Layer; entityKey: string; window: LayerWindow; closeHref: string; source?: RollupSource }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const series = useLayerSeries(layer, entityKey, window, source);
  const data = series.data;
  const label = data ? entityLabel(layer, data.dims) : null;
  const times = data?.points.map((p) => p.timeMs) ?? [];
  const previous = (id: string, name: string, pick: (p: LayerSeriesPoint) => number | null | undefined): ChartSeries[] =>
    data?.previousPoints ? [{ id: `${id}_prev`, label: t('layers.detail.previous', { series: name }), colour: CHART_COLOURS.previous, values: values(data.previousPoints, pick), previous: true }] : [];

  return (
    <section className="entity-detail" data-testid="entity-detail" aria-label={label?.title ?? ''}>
      <header className="entity-detail__header">
        <div>
          <h2 className="entity-detail__title">{label?.title ?? '…'}</h2>
          {label?.context && <p className="muted">{label.context}</p>}
        </div>
        {data && layer !== 'infrastructure' && (
          <p className="entity-detail__figures">
            {t('layers.detail.figures', { count: formatCount(data.figures.count, locale), errors: formatCount(data.figures.errors, locale), p95: formatLatencyUs(data.figures.p95Us, locale) })}
          </p>
        )}
        <div className="toolbar__spacer" />
        {layer !== 'infrastructure' && source !== 'log' && (
          <>
            <Link className="button button--primary" data-testid="entity-slowest-link" to={entityTracesHref(layer, entityKey, window, false, 'slowest')}>
              {t('layers.detail.slowestTraces')}
            </Link>
            <Link className="button" data-testid="entity-traces-link" to={entityTracesHref(layer, entityKey, window)}>
              {t('layers.detail.traces')}
            </Link>
            <Link className="button" to={entityTracesHref(layer, entityKey, window, true)}>
              {t('layers.detail.errorTraces')}
            </Link>
          </>
        )}
        <Link className="button button--quiet" to={closeHref} aria-label={t('layers.detail.close')}>
          ✕
        </Link>
      </header>
      {series.isPending ? (
        <LoadingState />
      ) : !data ? (
        <ErrorState title={t('layers.loadError')} error={series.error} onRetry={() => void series.refetch()} />
      ) : (
        <>
          <p className="muted entity-detail__interval">{t('layers.detail.interval', { interval: formatDurationNs(data.intervalMs * 1e6, locale) })}</p>
          <div className="chart-grid">
            {layer === 'infrastructure' ? (
              <>
                <TimeSeriesChart
                  title={t('layers.detail.cpu')}
                  times={times}
                  formatValue={(v) => formatPercent(v, locale)}
                  testId="chart-cpu"
                  series={[
                    { id: 'cpu', label: t('layers.detail.cpu'), colour: CHART_COLOURS.primary, values: values(data.points, (p) => p.infra?.cpu_utilization) },
                    ...previous('cpu', t('layers.detail.cpu'), (p) => p.infra?.cpu_utilization),
                  ]}
                />
                <TimeSeriesChart
                  title={t('layers.detail.memory')}
                  times={times}
                  formatValue={(v) => formatBytes(v, locale)}
                  series={[
                    { id: 'mem', label: t('layers.detail.memory'), colour: CHART_COLOURS.secondary, values: values(data.points, (p) => p.infra?.memory_used_bytes) },
                    ...previous('mem', t('layers.detail.memory'), (p) => p.infra?.memory_used_bytes),
                  ]}
                />
                <TimeSeriesChart
                  title={t('layers.detail.network')}
                  times={times}
                  formatValue={(v) => `${formatBytes(v, locale)}/s`}
                  series={[
                    { id: 'rx', label: t('layers.detail.receive'), colour: CHART_COLOURS.primary, values: values(data.points, (p) => p.infra?.network_receive_bytes) },
                    { id: 'tx', label: t('layers.detail.transmit'), colour: CHART_COLOURS.tertiary, values: values(data.points, (p) => p.infra?.network_transmit_bytes) },
                  ]}
                />
              </>
            ) : (
              <>
                <TimeSeriesChart
                  title={t('layers.detail.requests')}
                  times={times}
                  formatValue={(v) => formatCount(v, locale)}
                  testId="chart-requests"
                  series={[
                    { id: 'count', label: t('layers.columns.requests'), colour: CHART_COLOURS.primary, values: values(data.points, (p) => p.count) },
                    { id: 'errors', label: t('layers.detail.errors'), colour: CHART_COLOURS.error, values: values(data.points, (p) => p.errors) },
                    ...previous('count', t('layers.columns.requests'), (p) => p.count),
                  ]}
                />
                <TimeSeriesChart
                  title={t('layers.detail.latency')}
                  times={times}
                  formatValue={(v) => formatLatencyUs(v, locale)}
                  testId="chart-latency"
                  series={[
                    { id: 'p50', label: 'p50', colour: CHART_COLOURS.secondary, values: values(data.points, (p) => p.p50Us) },
                    { id: 'p95', label: 'p95', colour: CHART_COLOURS.primary, values: values(data.points, (p) => p.p95Us) },
                    { id: 'p99', label: 'p99', colour: CHART_COLOURS.tertiary, values: values(data.points, (p) => p.p99Us) },
                    ...previous('p95', 'p95', (p) => p.p95Us),
                  ]}
                />
                <StatusCodeChart title={t('layers.detail.statusCodes')} counts={data.statusCounts} testId="chart-status" />
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}
