import { formatDateTime } from '../../../lib/format.ts';

/** The position on a plain longitude/latitude grid (no external map tiles: nothing leaves the console). */
export function LocationPlot({
  latitude,
  longitude,
  capturedAt,
}: {
  latitude: number;
  longitude: number;
  capturedAt: number | null;
}) {
  const x = ((longitude + 180) / 360) * 360;
  const y = ((90 - latitude) / 180) * 180;
  const label = `Latitude ${latitude.toFixed(4)}, longitude ${longitude.toFixed(4)}`;
  return (
    <figure className="location">
      <svg viewBox="0 0 360 180" role="img" aria-label={label} className="location-plot">
        {[-120, -60, 0, 60, 120].map((lon) => (
          <line key={`lon${lon}`} x1={lon + 180} x2={lon + 180} y1={0} y2={180} className="grid-line" />
        ))}
        {[-60, -30, 0, 30, 60].map((lat) => (
          <line
            key={`lat${lat}`}
            y1={90 - lat}
            y2={90 - lat}
            x1={0}
            x2={360}
            className={lat === 0 ? 'grid-line equator' : 'grid-line'}
          />
        ))}
        <circle cx={x} cy={y} r={5} className="location-dot" />
      </svg>
      <figcaption>
        {label}
        {capturedAt !== null ? ` — captured ${formatDateTime(capturedAt)}` : ''}
      </figcaption>
    </figure>
  );
}
