// Attempts per minute by outcome as stacked SVG bars (no chart library: ~60 rectangles), with
// the same numbers in a table for screen readers and anyone who wants them exact.
import type { ConsoleDeliveryHealthQuery } from '../gql/graphql.ts';

type Health = ConsoleDeliveryHealthQuery['deliveryHealth'];

const W = 720;
const H = 220;
const PAD = { left: 36, right: 8, top: 10, bottom: 26 };

function niceMax(n: number): number {
  if (n <= 4) return 4;
  const mag = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * mag >= n) return step * mag;
  return 10 * mag;
}

const clock = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export function AttemptChart(props: { health: Health }) {
  const { buckets } = props.health;
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.succeeded + b.failed)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = plotW / Math.max(1, buckets.length);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const summary = `${props.health.succeeded} succeeded and ${props.health.failed} failed attempts from ${clock(props.health.since)} to ${clock(props.health.until)}; at most ${max} per minute on the scale.`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} preserveAspectRatio="none" data-testid="attempt-chart">
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} class="grid" />
            <text x={PAD.left - 6} y={y(v) + 4} text-anchor="end" class="axis">
              {v}
            </text>
          </g>
        ))}
        {buckets.map((b, i) => {
          const x = PAD.left + i * bw + bw * 0.1;
          const w = bw * 0.8;
          return (
            <g key={b.start}>
              <title>{`${clock(b.start)}: ${b.succeeded} succeeded, ${b.failed} failed`}</title>
              {b.succeeded > 0 && <rect x={x} width={w} y={y(b.succeeded)} height={y(0) - y(b.succeeded)} class="bar-ok" />}
              {b.failed > 0 && <rect x={x} width={w} y={y(b.succeeded + b.failed)} height={y(b.succeeded) - y(b.succeeded + b.failed)} class="bar-bad" />}
            </g>
          );
        })}
        {buckets.map((b, i) =>
          i % 15 === 0 ? (
            <text key={`l${b.start}`} x={PAD.left + i * bw} y={H - 8} class="axis">
              {clock(b.start)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption>
        <span class="legend legend-ok">succeeded</span> <span class="legend legend-bad">failed</span>
      </figcaption>
      <details>
        <summary>Minutes with attempts, as a table</summary>
        <table class="list compact">
          <thead>
            <tr>
              <th scope="col">Minute</th>
              <th scope="col">Succeeded</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {buckets
              .filter((b) => b.succeeded + b.failed > 0)
              .map((b) => (
                <tr key={b.start}>
                  <td>{clock(b.start)}</td>
                  <td>{b.succeeded}</td>
                  <td>{b.failed}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
