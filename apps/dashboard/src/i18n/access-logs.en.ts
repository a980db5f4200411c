/** English strings of the access-log views on the URI page (the `accessLogs` key of the English catalogue). */
export const accessLogsEn = {
  sourceLabel: 'Where the figures come from',
  source: { trace: 'From traces', log: 'From access logs', both: 'Side by side' },
  sourceHint: {
    trace: 'Server spans of instrumented services (sampled requests only, when sampling is on).',
    log: 'Every request in the access logs followed by the agent, per minute; the minute in progress arrives when it closes.',
    both: 'The same routes from both sources; the traced share is traced requests over logged ones.',
  },
  noDataHint: 'No access-log minutes in this range. Is an agent following the gateway log and shipping to the collector?',
  loadError: 'Could not load the access-log summary',
  panelTitle: 'Access logs in this range',
  lines: 'Lines counted',
  serverErrors: '5xx answers',
  slow: 'Slow requests',
  unparsed: 'Unparseable lines',
  unparsedHint: 'Lines that did not fit the configured log format (all followed files)',
  samplesTitle: 'Sampled slow and failed requests',
  noSamples: 'No slow or 5xx request in this range.',
  reason: { slow: 'slow', server_error: '5xx' },
  columns: { time: 'Time', reason: 'Why', status: 'Status', request: 'Request', requestTime: 'Request time', trace: 'Trace' },
  tracedShare: 'Traced',
  tracedShareHint: 'Requests seen in traces divided by requests in the access log',
};
