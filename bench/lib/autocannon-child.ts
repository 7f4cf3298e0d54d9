// HTTP load generator in its own process: autocannon against one GraphQL request, with a body
// check (every response must contain `expect`), returning req/s and latency percentiles.
import autocannon from 'autocannon';
import { serve } from './proc.ts';

interface Args {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
  /** A substring every response body must contain (else it counts as a mismatch). */
  expect: string;
}

serve({
  async run(a: Args) {
    const result = await autocannon({
      url: a.url,
      method: 'POST',
      body: a.body,
      headers: a.headers,
      connections: a.connections,
      duration: a.durationS,
      verifyBody: (body: string) => body.includes(a.expect),
    });
    return {
      requestsPerSecond: result.requests.average,
      total: result.requests.total,
      latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      mismatches: (result as unknown as { mismatches: number }).mismatches,
    };
  },
});
