// Live delivery attempts (deliveryAttempts subscription) for a page: the attempts that arrived
// since it opened, newest first, and the transport state for the badge.
import { useEffect, useState } from 'preact/hooks';
import { AttemptsSubscription } from '../api/documents.ts';
import { subscribe, type LiveState } from '../api/live.ts';
import type { ConsoleAttemptFragment } from '../gql/graphql.ts';
import { Badge, StatusBadge, Time } from './ui.tsx';

export function useLiveAttempts(filter: { webhookId?: string; eventId?: string }, onAttempt?: (a: ConsoleAttemptFragment) => void) {
  const [attempts, setAttempts] = useState<ConsoleAttemptFragment[]>([]);
  const [state, setState] = useState<LiveState>('connecting');
  const key = `${filter.webhookId ?? ''}|${filter.eventId ?? ''}`;
  useEffect(() => {
    setAttempts([]);
    return subscribe(
      AttemptsSubscription,
      { webhookId: filter.webhookId ?? null, eventId: filter.eventId ?? null },
      {
        next: (data) => {
          setAttempts((list) => [data.deliveryAttempts, ...list.filter((a) => a.id !== data.deliveryAttempts.id)].slice(0, 50));
          onAttempt?.(data.deliveryAttempts);
        },
        state: setState,
      },
    );
  }, [key]);
  return { attempts, state };
}

export function AttemptOutcome(props: { a: Pick<ConsoleAttemptFragment, 'outcome' | 'responseStatus' | 'errorKind'> }) {
  const { a } = props;
  return (
    <>
      <Badge tone={a.outcome === 'SUCCEEDED' ? 'ok' : 'bad'}>{a.outcome.toLowerCase()}</Badge>{' '}
      {a.responseStatus !== null && a.responseStatus !== undefined ? <span class="mono">HTTP {a.responseStatus}</span> : null}
      {a.errorKind ? <span class="mono"> {a.errorKind}</span> : null}
    </>
  );
}

export function LiveAttemptList(props: { attempts: ConsoleAttemptFragment[] }) {
  if (props.attempts.length === 0) return <p class="sub">No attempts since this page opened. New ones appear here as they happen.</p>;
  return (
    <ul class="feed" aria-live="polite" data-testid="live-attempts">
      {props.attempts.map((a) => (
        <li key={a.id}>
          <AttemptOutcome a={a} /> <span>attempt {a.number}</span> <span class="sub">({a.trigger.toLowerCase()})</span> ·{' '}
          <a href={`/deliveries/${a.delivery.id}?attempt=${a.id}`}>delivery</a> <StatusBadge status={a.delivery.status} /> · {a.durationMs} ms ·{' '}
          <Time iso={a.startedAt} />
        </li>
      ))}
    </ul>
  );
}
