// DeliveryAttempt.webhook and .event are loaded through DataLoader: listing the attempts of many
// deliveries costs the same number of SQL statements whether there are 2 or 8 of them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { graphql } from './gql/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createWebhook, publish, settled } from './helpers/dispatch.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

const AttemptsWithOwnersDoc = graphql(`
  query AttemptsWithOwners($first: Int!) {
    events(first: $first) {
      edges {
        node {
          deliveries(first: 5) {
            edges {
              node {
                attempts(first: 5) {
                  edges {
                    node {
                      number
                      webhook { id name }
                      event { id type }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

let t: TestApp;
let rx: Receiver;
let statements = 0;
beforeAll(async () => {
  rx = await startReceiver();
  t = await startTestApp({ HOOKGATE_POLL_MS: '50' }, { onQuery: () => void statements++ });
});
afterAll(async () => {
  await t.stop();
  await rx.close();
});

async function countFor(first: number): Promise<{ statements: number; attempts: number }> {
  statements = 0;
  const res = await t.gql(AttemptsWithOwnersDoc, { first });
  expect(res.errors).toBeUndefined();
  const attempts = res.data.events.edges.flatMap((e) => e.node.deliveries.edges.flatMap((d) => d.node.attempts.edges.map((a) => a.node)));
  for (const a of attempts) {
    expect(a.webhook?.name).toBe('loader target');
    expect(a.event?.type).toBe('cashback.created');
  }
  return { statements, attempts: attempts.length };
}

it('loads attempt owners in batches, not per attempt', async () => {
  await createWebhook(t, { name: 'loader target', url: rx.url("/hook"), events: ['cashback.created'] });
  for (let i = 0; i < 8; i++) {
    const { eventId } = await publish(t, { type: 'cashback.created', data: { i } });
    await settled(t, eventId);
  }
  // Only this request's statements may count: the dispatcher's polling would add its own.
  await t.app.dispatcher!.stop();
  const small = await countFor(2);
  const large = await countFor(8);
  expect(small.attempts).toBe(2);
  expect(large.attempts).toBe(8);
  expect(large.statements).toBe(small.statements);
});
