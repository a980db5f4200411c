import { type RouteObject, Navigate } from 'react-router';
import { AppShell } from './shell/app-shell';
import { NotFoundPage } from './shell/not-found.page';
import { RouteError } from './shell/route-error';
import { TracePage } from './trace/trace.page';
import { TraceListPage } from './trace-list/trace-list.page';

/**
 * URL shapes (every view is a link):
 * - `/traces?lookback=15m|1h|6h|24h&service=<name>` — the trace list;
 * - `/traces/<traceId>?startEpochMs=<ms>&span=<spanId>` — one trace, optionally with a span open.
 */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/traces" replace /> },
      {
        errorElement: <RouteError />,
        children: [
          { path: 'traces', element: <TraceListPage /> },
          { path: 'traces/:traceId', element: <TracePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
