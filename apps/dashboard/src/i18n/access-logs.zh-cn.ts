import type { accessLogsEn } from './access-logs.en';

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** 访问日志视图(URI 页面)的简体中文文案。 */
export const accessLogsZhCN: Strings<typeof accessLogsEn> = {
  sourceLabel: '数据来源',
  source: { trace: '来自链路', log: '来自访问日志', both: '并排对比' },
  sourceHint: {
    trace: '已埋点服务的服务端 span(开启采样时只含被采样的请求)。',
    log: 'Agent 跟踪的访问日志中的每一个请求,按分钟统计;当前分钟在结束后才到达。',
    both: '两种来源的同一路由;链路覆盖率 = 链路中的请求数 / 日志中的请求数。',
  },
  noDataHint: '此时间范围内没有访问日志数据。是否有 Agent 在跟踪网关日志并发送到 collector?',
  loadError: '无法加载访问日志摘要',
  panelTitle: '此时间范围内的访问日志',
  lines: '统计行数',
  serverErrors: '5xx 响应',
  slow: '慢请求',
  unparsed: '无法解析的行',
  unparsedHint: '不符合所配置日志格式的行(所有被跟踪的文件)',
  samplesTitle: '慢请求与失败请求样本',
  noSamples: '此时间范围内没有慢请求或 5xx 请求。',
  reason: { slow: '慢', server_error: '5xx' },
  columns: { time: '时间', reason: '原因', status: '状态码', request: '请求', requestTime: '请求耗时', trace: '链路' },
  tracedShare: '链路覆盖',
  tracedShareHint: '链路中看到的请求数除以访问日志中的请求数',
};
