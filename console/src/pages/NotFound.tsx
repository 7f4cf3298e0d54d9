import { PageHeader } from '../components/ui.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at this address. <a href="/webhooks">Go to the webhooks</a>.
      </p>
    </>
  );
}
