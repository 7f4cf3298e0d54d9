// Figure: FIFO throughput per webhook (issue 11 item 2). A backlog drained by one worker, as in
// the dispatch figure, with FIFO webhooks: one webhook on one receiver (one line: one delivery at
// a time, so its rate is one receiver round trip plus the line's transaction per delivery), and
// ten webhooks on ten receivers (ten lines side by side). Baseline: the same ten webhooks
// UNORDERED, same run. `npm run bench -- fifo [--quick] [--db=pg|pglite]`.
import { drainOnce } from './dispatch.ts';
import { latestProfile, startReceivers } from '../lib/hookgate.ts';
import { summarizeProfile } from '../profile-summary.ts';
import { log, r1, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';

export async function run(opts: Options): Promise<Figure[]> {
  const count = opts.count ?? (opts.quick ? 2000 : 10_000);
  const single = Math.max(200, Math.floor(count / 5));
  const figures: Figure[] = [];
  const ten = await startReceivers(10);
  const one = await startReceivers(1);
  try {
    for (const kind of opts.dbs) {
      const db = kind === 'pg' ? 'PostgreSQL' : 'embedded PGlite';
      const unordered = await drainOnce(kind, ten, count);
      log(`fifo ${kind}: UNORDERED, 10 webhooks: ${r1(unordered.perSecond)} deliveries/s`);
      const fifo10 = await drainOnce(kind, ten, count, { ordering: 'FIFO', profile: opts.profile });
      if (opts.profile) {
        const file = latestProfile('worker');
        if (file) console.log(summarizeProfile(file, 25));
      }
      log(`fifo ${kind}: FIFO, 10 webhooks: ${r1(fifo10.perSecond)} deliveries/s ${JSON.stringify(fifo10.statuses)}`);
      const fifo1 = await drainOnce(kind, one, single, { ordering: 'FIFO' });
      log(`fifo ${kind}: FIFO, 1 webhook: ${r1(fifo1.perSecond)} deliveries/s, mean request ${r1(fifo1.avgRequestMs)} ms ${JSON.stringify(fifo1.statuses)}`);
      const complete = fifo10.statuses.SUCCEEDED === count && fifo1.statuses.SUCCEEDED === single;
      figures.push({
        figure: `FIFO throughput per webhook (${db}), 1 worker: ${single} deliveries on 1 FIFO webhook; ${count} on 10`,
        target: 'informational: one line is bounded by one round trip per delivery; lines run in parallel',
        measured: `1 webhook: ${r1(fifo1.perSecond)}/s; 10 webhooks: ${r1(fifo10.perSecond)}/s (${r1(fifo10.perSecond / 10)}/s each)${complete ? '' : ' (INCOMPLETE)'}`,
        baseline: `10 UNORDERED webhooks: ${r1(unordered.perSecond)}/s`,
        ratio: fifo10.perSecond / unordered.perSecond,
        pass: null,
        details: {
          fifo1: { n: single, perSecond: fifo1.perSecond, avgRequestMs: fifo1.avgRequestMs, cpu: fifo1.cpu },
          fifo10: { n: count, perSecond: fifo10.perSecond, cpu: fifo10.cpu },
          unordered: { n: count, perSecond: unordered.perSecond, cpu: unordered.cpu },
        },
      });
    }
  } finally {
    await ten.child.close();
    await one.child.close();
  }
  return figures;
}
