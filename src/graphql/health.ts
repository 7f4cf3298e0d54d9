// Delivery health in the API (door onto src/delivery/stats.ts): attempts per minute by outcome
// for a window, and each webhook's failure rate over the last 24 hours, batched per request.
import { attemptsPerMinute, failureRates, MAX_HEALTH_MINUTES, type AttemptsPerMinute, type FailureRate, type MinuteBucket } from '../delivery/stats.ts';
import { NotFoundError } from '../errors.ts';
import { parseId } from '../ids.ts';
import { builder } from './builder.ts';

const RECENT_MS = 24 * 3600 * 1000;

const AttemptBucket = builder.objectRef<MinuteBucket>('AttemptBucket').implement({
  description: 'Attempts recorded in one minute.',
  fields: (t) => ({
    start: t.expose('start', { type: 'DateTime' }),
    succeeded: t.exposeInt('succeeded'),
    failed: t.exposeInt('failed'),
  }),
});

const DeliveryHealth = builder.objectRef<AttemptsPerMinute>('DeliveryHealth').implement({
  description: 'Delivery attempts per minute by outcome over a window ending with the current minute.',
  fields: (t) => ({
    since: t.expose('since', { type: 'DateTime' }),
    until: t.expose('until', { type: 'DateTime' }),
    buckets: t.field({ type: [AttemptBucket], description: 'One per minute, oldest first; minutes without attempts count zero.', resolve: (h) => h.buckets }),
    succeeded: t.exposeInt('succeeded'),
    failed: t.exposeInt('failed'),
    failureRate: t.float({
      nullable: true,
      description: 'failed / (succeeded + failed); null without attempts.',
      resolve: (h) => (h.succeeded + h.failed > 0 ? h.failed / (h.succeeded + h.failed) : null),
    }),
  }),
});

const AttemptStats = builder.objectRef<FailureRate>('AttemptStats').implement({
  fields: (t) => ({
    attempts: t.exposeInt('attempts'),
    failed: t.exposeInt('failed'),
    failureRate: t.float({ nullable: true, description: 'failed / attempts; null without attempts.', resolve: (s) => s.rate }),
  }),
});

builder.prismaObjectField('Webhook', 'recentAttempts', (t) =>
  t.loadable({
    type: AttemptStats,
    description: "This webhook's attempts of the last 24 hours and the share that failed.",
    // One GROUP BY for every webhook of the response (a list page), not one query per webhook.
    load: async (ids: string[], ctx) => {
      const rates = await failureRates(ctx.prisma, ctx, ids, new Date(Date.now() - RECENT_MS));
      return ids.map((id) => rates.get(id)!);
    },
    resolve: (w) => w.id,
  }),
);

builder.queryFields((t) => ({
  deliveryHealth: t.field({
    type: DeliveryHealth,
    description: `Attempts per minute by outcome for the last \`minutes\` (1 to ${MAX_HEALTH_MINUTES}), optionally of one webhook.`,
    args: {
      minutes: t.arg.int({ required: false, defaultValue: 60 }),
      webhookId: t.arg.id({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      const webhookId = args.webhookId ? parseId(args.webhookId, 'Webhook') : null;
      if (args.webhookId && !webhookId) throw new NotFoundError('Webhook', args.webhookId);
      return attemptsPerMinute(ctx.prisma, ctx, { minutes: args.minutes ?? 60, webhookId });
    },
  }),
}));
