// Applications (K42 publishers, Partner shops, Kadosei applications): list and add. A portal
// token is made per application (npm run token -- <tenant> --app <id>).
import { useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import { ApplicationsQuery, CreateApplicationMutation } from '../api/documents.ts';
import { fieldErrorMap, fieldsOf, splitResult, useQuery } from '../api/hooks.ts';
import { Empty, hrefWith, Loading, Notice, PageHeader, TextField, Time } from '../components/ui.tsx';

export function ApplicationsPage() {
  const apps = useQuery(ApplicationsQuery, {});
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Applications">
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            Add application
          </button>
        )}
      </PageHeader>
      <p class="lead">
        An application owns webhooks: one of your customers, shops or publishers. Give each its own webhook page with a portal link
        (see the README: embedding the portal).
      </p>
      {created && <Notice kind="success" title={`Application ${created} added.`} />}
      {adding && (
        <AddApplication
          onCancel={() => setAdding(false)}
          onCreated={(name) => {
            setAdding(false);
            setCreated(name);
            void apps.reload();
          }}
        />
      )}
      {apps.error && <Notice kind="error" title="The applications could not be loaded.">{apps.error}</Notice>}
      {apps.loading && !apps.data && <Loading what="applications" />}
      {apps.data &&
        (apps.data.applications.edges.length === 0 ? (
          <Empty title="No applications yet.">
            <p>Webhooks without an application belong to the whole tenant.</p>
          </Empty>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">External id</th>
                <th scope="col">Webhooks</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {apps.data.applications.edges.map(({ node: a }) => (
                <tr key={a.id}>
                  <td data-label="Name">
                    {a.name}
                    <div class="sub mono">{a.id}</div>
                    {a.description && <div class="sub">{a.description}</div>}
                  </td>
                  <td data-label="External id" class="mono">
                    {a.externalId ?? '–'}
                  </td>
                  <td data-label="Webhooks">
                    <a href={hrefWith('/webhooks', { app: a.id })}>{a.webhooks.totalCount}</a>
                  </td>
                  <td data-label="Created">
                    <Time iso={a.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

function AddApplication(props: { onCancel: () => void; onCreated: (name: string) => void }) {
  const [name, setName] = useState('');
  const [externalId, setExternalId] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
    setFailure(null);
    try {
      const data = await request(CreateApplicationMutation, { input: { name, externalId: externalId || null, description: description || null } });
      const r = splitResult(data.createApplication, 'CreateApplicationPayload');
      if (r.ok) props.onCreated(r.ok.application.name);
      else {
        setErrors(fieldErrorMap(fieldsOf(r.error)));
        setFailure(r.error.message);
      }
    } catch (err) {
      setFailure((err as Error).message);
    }
  };
  return (
    <form
      class="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>New application</h2>
      {failure && <Notice kind="error" title="The application was not added.">{failure}</Notice>}
      <TextField label="Name" name="name" value={name} onValue={setName} error={errors.name} required />
      <TextField label="External id (optional)" name="externalId" hint="Your own identifier for it, e.g. a publisher or shop id." value={externalId} onValue={setExternalId} error={errors.externalId} />
      <TextField label="Description (optional)" name="description" value={description} onValue={setDescription} error={errors.description} />
      <div class="actions">
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit">Add application</button>
      </div>
    </form>
  );
}
