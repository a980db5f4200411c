import type { Attributes } from '@linkscope/domain';

/** `service.name` of a resource; OpenTelemetry's fallback name when it is missing. */
export function serviceNameOf(resource: Attributes): string {
  const name = resource['service.name'];
  return typeof name === 'string' && name.length > 0 ? name : 'unknown_service';
}

/** `host.name` of a resource, or ''. */
export function hostNameOf(resource: Attributes): string {
  const name = resource['host.name'];
  return typeof name === 'string' ? name : '';
}
