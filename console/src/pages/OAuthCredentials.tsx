// OAuth 2.0 client credentials that webhooks use to authenticate to receivers; list and add.
import { useState } from 'preact/hooks';
import { OAuthCredentialsQuery } from '../api/documents.ts';
import { useQuery } from '../api/hooks.ts';
import { OAuthCredentialForm } from '../components/OAuthCredentialForm.tsx';
import { Empty, Loading, Notice, PageHeader, Time } from '../components/ui.tsx';

export function OAuthCredentialsPage() {
  const creds = useQuery(OAuthCredentialsQuery, {});
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="OAuth credentials">
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            Add credential
          </button>
        )}
      </PageHeader>
      <p class="lead">Hookgate fetches a client-credentials token from the token URL and sends it as a bearer token with each request.</p>
      {created && <Notice kind="success" title={`Credential ${created} added.`} />}
      {adding && (
        <div class="card">
          <h2>New OAuth 2.0 credential</h2>
          <OAuthCredentialForm
            onCancel={() => setAdding(false)}
            onCreated={(c) => {
              setAdding(false);
              setCreated(c.name);
              void creds.reload();
            }}
          />
        </div>
      )}
      {creds.error && <Notice kind="error" title="The credentials could not be loaded.">{creds.error}</Notice>}
      {creds.loading && !creds.data && <Loading what="credentials" />}
      {creds.data &&
        (creds.data.oauthCredentials.edges.length === 0 ? (
          <Empty title="No OAuth credentials yet." />
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token URL</th>
                <th scope="col">Client id</th>
                <th scope="col">Webhooks</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {creds.data.oauthCredentials.edges.map(({ node: c }) => (
                <tr key={c.id}>
                  <td data-label="Name">
                    {c.name}
                    {c.scope && <div class="sub">scope {c.scope}</div>}
                  </td>
                  <td data-label="Token URL" class="mono">
                    {c.tokenUrl}
                  </td>
                  <td data-label="Client id" class="mono">
                    {c.clientId}
                  </td>
                  <td data-label="Webhooks">{c.webhookCount}</td>
                  <td data-label="Created">
                    <Time iso={c.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}
