// Delivery health: attempts per minute by outcome over the last hour, aggregated by the API
// (SQL GROUP BY), refreshed every 15 seconds while the page is open.
import { useEffect } from 'preact/hooks';
import { DeliveryHealthQuery } from '../api/documents.ts';
import { useQuery } from '../api/hooks.ts';
import { AttemptChart } from '../components/AttemptChart.tsx';
import { Empty, Loading, Notice, PageHeader } from '../components/ui.tsx';

const REFRESH_MS = 15_000;

export function HealthPage() {
  const health = useQuery(DeliveryHealthQuery, { minutes: 60 });
  useEffect(() => {
    const t = setInterval(() => void health.reload(), REFRESH_MS);
    return () => clearInterval(t);
  }, [health.reload]);
  const h = health.data?.deliveryHealth;
  return (
    <>
      <PageHeader title="Delivery health" />
      <p class="lead">Delivery attempts per minute over the last hour, by outcome.</p>
      {health.error && <Notice kind="error" title="The figures could not be loaded.">{health.error}</Notice>}
      {health.loading && !h && <Loading what="figures" />}
      {h && (
        <>
          <div class="stats">
            <div class="stat">
              <div class="stat-value" data-testid="health-succeeded">
                {h.succeeded}
              </div>
              <div class="stat-label">succeeded</div>
            </div>
            <div class="stat">
              <div class="stat-value" data-testid="health-failed">
                {h.failed}
              </div>
              <div class="stat-label">failed</div>
            </div>
            <div class="stat">
              <div class="stat-value">{h.failureRate === null || h.failureRate === undefined ? '–' : `${Math.round(h.failureRate * 100)}%`}</div>
              <div class="stat-label">failure rate</div>
            </div>
          </div>
          {h.succeeded + h.failed === 0 ? <Empty title="No attempts in the last hour." /> : <AttemptChart health={h} />}
        </>
      )}
    </>
  );
}
