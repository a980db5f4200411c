import type { TraceDetailResponse } from '@linkscope/domain';
import { analyseTrace } from '@linkscope/trace-analysis';
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatCount } from '../format/number.format';
import { useLocale } from '../i18n/use-locale';
import { TraceInsights } from '../analysis/trace-insights';
import { readCompareWith } from '../analysis/trace-compare.params';
import { EmptyState } from '../ui/status-message';
import { findMatchingSpanIds } from '../waterfall/span-search';
import { buildSpanTree } from '../waterfall/span-tree';
import { parentSpanIds, revealNode, visibleRows } from '../waterfall/visible-rows';
import { type ScrollRequest, Waterfall } from '../waterfall/waterfall';
import { layoutRows } from '../waterfall/waterfall-layout';
import { FindInTrace } from './find-in-trace';
import { SpanDetailPanel } from './span-detail.panel';
import { traceStats } from './trace-stats';
import { TraceSummary } from './trace-summary';

const NOTHING: ReadonlySet<string> = new Set();

/**
 * One loaded trace: summary, toolbar, waterfall and the open span's details. Runs the waterfall
 * pipeline (tree → visible rows → layout), each step memoised on exactly what it reads.
 * The open span lives in the URL (`?span=`); collapsed subtrees and the find text are local.
 */
export function TraceDetailView({ trace }: { trace: TraceDetailResponse }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedSpanId = searchParams.get('span') ?? undefined;
  const compareWith = readCompareWith(searchParams);

  const tree = useMemo(() => buildSpanTree(trace.spans), [trace.spans]);
  const stats = useMemo(() => traceStats(tree), [tree]);
  const allNodes = useMemo(() => visibleRows(tree), [tree]);
  const nodeBySpanId = useMemo(() => new Map(allNodes.map((node) => [node.span.spanId, node])), [allNodes]);

  // Critical path, self times and call-pattern findings, computed here from the loaded spans
  // (the same package serves GET /api/v1/traces/:id/analysis).
  const analysis = useMemo(() => analyseTrace(trace.spans, { includeSelfTimes: true }), [trace.spans]);
  const criticalNsBySpanId = useMemo(() => new Map(analysis.criticalPathSpans.map((s) => [s.spanId, s.criticalNs])), [analysis]);
  const [focusedFinding, setFocusedFinding] = useState<number | null>(null);
  const flaggedSpanIds = useMemo<ReadonlySet<string>>(
    () => (focusedFinding === null ? NOTHING : new Set(analysis.findings[focusedFinding]?.spanIds ?? [])),
    [analysis, focusedFinding],
  );

  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(NOTHING);
  const rows = useMemo(() => layoutRows(visibleRows(tree, collapsed), tree.durationNs), [tree, collapsed]);

  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const matches = useMemo(() => findMatchingSpanIds(trace.spans, deferredQuery), [trace.spans, deferredQuery]);
  const matchOrder = useMemo(() => allNodes.filter((node) => matches.has(node.span.spanId)), [allNodes, matches]);

  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(() => (selectedSpanId ? { spanId: selectedSpanId } : null));

  const select = useCallback(
    (spanId: string | undefined) => {
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (spanId) next.set('span', spanId);
          else next.delete('span');
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );
  const closeDetail = useCallback(() => select(undefined), [select]);
  const setCompareWith = useCallback(
    (otherTraceId: string | undefined) => {
      setSearchParams((previous) => {
        const next = new URLSearchParams(previous);
        if (otherTraceId) next.set('compareWith', otherTraceId);
        else next.delete('compareWith');
        return next;
      });
    },
    [setSearchParams],
  );
  const toggle = useCallback((spanId: string) => {
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (!next.delete(spanId)) next.add(spanId);
      return next;
    });
  }, []);

  const selectedNode = selectedSpanId ? nodeBySpanId.get(selectedSpanId) : undefined;
  const matchIndex = selectedNode ? matchOrder.indexOf(selectedNode) : -1;

  const reveal = (spanId: string) => {
    const node = nodeBySpanId.get(spanId);
    if (!node) return;
    setCollapsed((previous) => revealNode(node, previous));
    select(spanId);
    setScrollRequest({ spanId });
  };
  const focusFinding = (index: number | null) => {
    setFocusedFinding(index);
    const first = index === null ? undefined : analysis.findings[index]?.spanIds[0];
    if (first) reveal(first);
  };

  const stepMatch = (direction: 1 | -1) => {
    const count = matchOrder.length;
    const nextIndex = matchIndex < 0 ? (direction === 1 ? 0 : count - 1) : (matchIndex + direction + count) % count;
    const node = matchOrder[nextIndex];
    if (!node) return;
    setCollapsed((previous) => revealNode(node, previous));
    select(node.span.spanId);
    setScrollRequest({ spanId: node.span.spanId });
  };

  return (
    <div className="trace-view">
      <TraceSummary traceId={trace.traceId} stats={stats} />
      {tree.spanCount > 0 && (
        <TraceInsights
          traceId={trace.traceId}
          startEpochMs={stats.startEpochMs}
          spans={trace.spans}
          analysis={analysis}
          focusedFindingIndex={focusedFinding}
          onFocusFinding={focusFinding}
          onSelectSpan={reveal}
          compareWith={compareWith}
          onCompareWith={setCompareWith}
        />
      )}
      {trace.truncated && (
        <p className="banner banner--warning" role="status">
          {t('trace.truncated', { count: formatCount(trace.spans.length, locale) })}
        </p>
      )}
      {tree.spanCount === 0 ? (
        <EmptyState title={t('trace.noSpans')} />
      ) : (
        <>
          <div className="toolbar toolbar--tight">
            <FindInTrace
              query={query}
              matchCount={matches.size}
              position={matchIndex >= 0 ? matchIndex + 1 : undefined}
              onQueryChange={setQuery}
              onStep={stepMatch}
            />
            <span className="toolbar__spacer" />
            <button type="button" className="button" onClick={() => setCollapsed(NOTHING)}>
              {t('trace.expandAll')}
            </button>
            <button type="button" className="button" onClick={() => setCollapsed(parentSpanIds(tree))}>
              {t('trace.collapseAll')}
            </button>
          </div>
          <div className="trace-view__body">
            <Waterfall
              rows={rows}
              traceDurationNs={tree.durationNs}
              collapsedSpanIds={collapsed}
              matchedSpanIds={matches}
              criticalSpanIds={criticalNsBySpanId}
              flaggedSpanIds={flaggedSpanIds}
              selectedSpanId={selectedSpanId}
              scrollRequest={scrollRequest}
              onSelect={select}
              onToggle={toggle}
            />
            {selectedNode && (
              <SpanDetailPanel
                node={selectedNode}
                selfTimeNs={analysis.selfTimeNs?.[selectedNode.span.spanId] ?? 0}
                criticalNs={criticalNsBySpanId.get(selectedNode.span.spanId) ?? 0}
                onClose={closeDetail}
              />
            )}
          </div>
        </>
      )}
    </div>
  );
}
