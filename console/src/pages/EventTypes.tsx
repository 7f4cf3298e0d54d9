// The event catalog: built-in types of the five platforms and the tenant's own; add one.
import { useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import { CatalogQuery, CreateEventTypeMutation } from '../api/documents.ts';
import { fieldErrorMap, fieldsOf, splitResult, useQuery } from '../api/hooks.ts';
import { JsonEditor, parseJsonObject } from '../components/JsonEditor.tsx';
import { Badge, Empty, Loading, Notice, PageHeader, TextField } from '../components/ui.tsx';

export function EventTypesPage() {
  const catalog = useQuery(CatalogQuery, {});
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Event types">
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            Add event type
          </button>
        )}
      </PageHeader>
      {created && <Notice kind="success" title={`Event type ${created} added.`} />}
      {adding && (
        <AddEventType
          onCancel={() => setAdding(false)}
          onCreated={(name) => {
            setAdding(false);
            setCreated(name);
            void catalog.reload();
          }}
        />
      )}
      {catalog.error && <Notice kind="error" title="The catalog could not be loaded.">{catalog.error}</Notice>}
      {catalog.loading && !catalog.data && <Loading what="the catalog" />}
      {catalog.data &&
        (catalog.data.eventTypes.edges.length === 0 ? (
          <Empty title="The catalog is empty." />
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Group</th>
                <th scope="col">Source</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {catalog.data.eventTypes.edges.map(({ node: t }) => (
                <tr key={t.id}>
                  <td data-label="Name" class="mono">
                    {t.name} {t.deprecated && <Badge tone="muted">deprecated</Badge>}
                  </td>
                  <td data-label="Group">{t.group ?? '–'}</td>
                  <td data-label="Source">{t.builtin ? (t.source ?? 'built-in') : 'yours'}</td>
                  <td data-label="Description">{t.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

function AddEventType(props: { onCancel: () => void; onCreated: (name: string) => void }) {
  const [name, setName] = useState('');
  const [group, setGroup] = useState('');
  const [description, setDescription] = useState('');
  const [example, setExample] = useState('{\n  \n}');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
    const parsed = parseJsonObject(example);
    if (!parsed.value) return;
    setFailure(null);
    try {
      const data = await request(CreateEventTypeMutation, {
        input: { name, group: group || null, description: description || null, example: parsed.value },
      });
      const r = splitResult(data.createEventType, 'CreateEventTypePayload');
      if (r.ok) props.onCreated(r.ok.eventType.name);
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
      <h2>New event type</h2>
      {failure && <Notice kind="error" title="The event type was not added.">{failure}</Notice>}
      <TextField label="Name" name="name" placeholder="order.created" value={name} onValue={setName} error={errors.name} required />
      <TextField label="Group (optional)" name="group" hint="Defaults to the first dot-separated segment of the name." value={group} onValue={setGroup} error={errors.group} />
      <TextField label="Description (optional)" name="description" value={description} onValue={setDescription} error={errors.description} />
      <JsonEditor label="Example payload (used for previews and as the publish form's default)" value={example} onValue={setExample} error={errors.example} rows={8} />
      <div class="actions">
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit">Add event type</button>
      </div>
    </form>
  );
}
