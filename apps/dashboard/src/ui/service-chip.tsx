import { serviceColour } from '../waterfall/service-colour';

/** A service name behind a swatch of its stable colour; `compact` for lists of several. */
export function ServiceChip({ serviceName, compact = false }: { serviceName: string; compact?: boolean }) {
  return (
    <span className={compact ? 'service-chip service-chip--compact' : 'service-chip'} title={serviceName}>
      <span className="service-chip__swatch" style={{ backgroundColor: serviceColour(serviceName) }} aria-hidden />
      <span className="service-chip__name">{serviceName}</span>
    </span>
  );
}
