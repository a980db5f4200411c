import { type RouteObject, Navigate } from 'react-router';
import { AlertChannelsPage } from './alerts/alert-channels.page';
import { AlertHistoryPage } from './alerts/alert-history.page';
import { AlertRulesPage } from './alerts/alert-rules.page';
import { SilencesPage } from './alerts/silences.page';
import { InvitePage } from './auth/invite.page';
import { LoginPage } from './auth/login.page';
import { SignUpPage } from './auth/signup.page';
import { ApiTokensPage, AuditPage, IngestKeysPage } from './settings/credentials.page';
import { MembersPage } from './settings/members.page';
import { ProjectsPage } from './settings/projects.page';
import { AppShell } from './shell/app-shell';
import { TracesRoute } from './layers/traces.route';
import { NotFoundPage } from './shell/not-found.page';
import { RouteError } from './shell/route-error';
import { TracePage } from './trace/trace.page';

/**
 * URL shapes (every view is a link):
 * - `/traces?lookback=15m|1h|6h|24h&service=<name>` — the trace list;
 * - `/traces?layer=<layer>&entity=<key>&from=<ms>&to=<ms>` — the traces through one layer entity;
 * - `/traces/<traceId>?startEpochMs=<ms>&span=<spanId>` — one trace, optionally with a span open;
 * - `/layers?range=1h&compare=day` — the five-layer overview;
 * - `/layers/<layer>?range=1h&compare=day&sort=p95&dir=desc&entity=<key>` — one layer, optionally with an entity open.
 * - `/alerts?state=&ack=<fingerprint>`, `/alerts/rules?edit=<id>|new`, `/alerts/channels?edit=`, `/alerts/silences?new=1&alertname=&entity=` — alerting.
 * - `/login?next=<path>`, `/signup`, `/invite#<token>` — signed-out pages, outside the shell;
 * - `/settings/projects|members|ingest-keys|api-tokens|audit` — the organisation's settings.
 */
export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/signup', element: <SignUpPage />, errorElement: <RouteError /> },
  { path: '/invite', element: <InvitePage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/traces" replace /> },
      {
        errorElement: <RouteError />,
        children: [
          { path: 'traces', element: <TracesRoute /> },
          // Layer pages load on first visit: they bring the chart library along.
          { path: 'layers', lazy: () => import('./layers/layers-overview.page').then((m) => ({ Component: m.LayersOverviewPage })) },
          { path: 'layers/:layer', lazy: () => import('./layers/layer.page').then((m) => ({ Component: m.LayerPage })) },
          { path: 'traces/aggregate', lazy: () => import('./analysis/aggregate.page').then((m) => ({ Component: m.AggregatePage })) },
          { path: 'traces/:traceId', element: <TracePage /> },
          { path: 'alerts', element: <AlertHistoryPage /> },
          { path: 'alerts/rules', element: <AlertRulesPage /> },
          { path: 'alerts/channels', element: <AlertChannelsPage /> },
          { path: 'alerts/silences', element: <SilencesPage /> },
          { path: 'settings/projects', element: <ProjectsPage /> },
          { path: 'settings/members', element: <MembersPage /> },
          { path: 'settings/ingest-keys', element: <IngestKeysPage /> },
          { path: 'settings/api-tokens', element: <ApiTokensPage /> },
          { path: 'settings/audit', element: <AuditPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
