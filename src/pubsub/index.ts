// Live delivery attempts for subscribers. One interface, two transports: in-process (the
// embedded default) and Redis (several processes; graphql-yoga's Redis event target). Messages
// are JSON-safe so that both transports carry the same shape.
import { createPubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';

/** A recorded attempt as published: ids are row ids, dates ISO strings. */
export interface AttemptMessage {
  id: string;
  tenantId: string;
  deliveryId: string;
  webhookId: string;
  eventId: string;
  number: number;
  trigger: 'SCHEDULED' | 'MANUAL' | 'TEST';
  outcome: 'SUCCEEDED' | 'FAILED';
  url: string;
  startedAt: string;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  errorKind: string | null;
  errorMessage: string | null;
  createdAt: string;
  /** The delivery's state after this attempt. */
  deliveryStatus: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  /** When the next attempt is due (deliveryStatus PENDING), else null. */
  nextAttemptAt: string | null;
}

export interface AttemptBus {
  publish(msg: AttemptMessage): void;
  /** Every attempt of one tenant, in publish order. */
  subscribe(tenantId: string): AsyncIterable<AttemptMessage>;
  /** For /readyz: true when the transport can deliver. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

type Channels = { [key: `attempts:${string}`]: [AttemptMessage] };

export function createAttemptBus(opts: { redisUrl?: string | undefined }): AttemptBus {
  if (!opts.redisUrl) {
    const pubsub = createPubSub<Channels>();
    return {
      publish: (msg) => pubsub.publish(`attempts:${msg.tenantId}`, msg),
      subscribe: (tenantId) => pubsub.subscribe(`attempts:${tenantId}`),
      ready: async () => true,
      close: async () => {},
    };
  }
  const publishClient = new Redis(opts.redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
  const subscribeClient = new Redis(opts.redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
  const pubsub = createPubSub<Channels>({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) });
  return {
    publish: (msg) => pubsub.publish(`attempts:${msg.tenantId}`, msg),
    subscribe: (tenantId) => pubsub.subscribe(`attempts:${tenantId}`),
    ready: async () => {
      try {
        return (await publishClient.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
