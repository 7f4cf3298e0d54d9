// Creates an OAuth 2.0 client-credentials set: on its own page and in-flow inside the webhook
// wizard (Kognitiv: "create API credentials in-flow"), so one form serves both.
import { useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import { CreateOAuthCredentialMutation } from '../api/documents.ts';
import { fieldErrorMap, fieldsOf, splitResult } from '../api/hooks.ts';
import { Notice, TextField } from './ui.tsx';

export function OAuthCredentialForm(props: { onCreated: (c: { id: string; name: string }) => void; onCancel?: () => void; idPrefix?: string }) {
  const [v, setV] = useState({ name: '', tokenUrl: '', clientId: '', clientSecret: '', scope: '', audience: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (value: string) => {
    setV({ ...v, [k]: value });
    setErrors({ ...errors, [k]: '' });
  };

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const data = await request(CreateOAuthCredentialMutation, {
        input: {
          name: v.name,
          tokenUrl: v.tokenUrl,
          clientId: v.clientId,
          clientSecret: v.clientSecret,
          scope: v.scope || null,
          audience: v.audience || null,
        },
      });
      const r = splitResult(data.createOAuthCredential, 'CreateOAuthCredentialPayload');
      if (r.ok) {
        props.onCreated(r.ok.oauthCredential);
        setV({ name: '', tokenUrl: '', clientId: '', clientSecret: '', scope: '', audience: '' });
      } else {
        setErrors(fieldErrorMap(fieldsOf(r.error)));
        setFailure(r.error.message);
      }
    } catch (err) {
      setFailure(String((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  // A <div>, not a <form>: the wizard embeds this inside its own form.
  return (
    <div class="subform" role="group" aria-label="New OAuth 2.0 credential">
      {failure && <Notice kind="error" title="The credential was not created.">{failure}</Notice>}
      <TextField label="Credential name" name="oauth-name" value={v.name} onValue={set('name')} error={errors.name} required />
      <TextField
        label="Token URL"
        name="oauth-token-url"
        type="url"
        placeholder="https://auth.example.com/oauth/token"
        value={v.tokenUrl}
        onValue={set('tokenUrl')}
        error={errors.tokenUrl}
        hint="HTTPS endpoint that issues client-credentials tokens."
        required
      />
      <TextField label="Client ID" name="oauth-client-id" value={v.clientId} onValue={set('clientId')} error={errors.clientId} required />
      <TextField
        label="Client secret"
        name="oauth-client-secret"
        type="password"
        autoComplete="off"
        value={v.clientSecret}
        onValue={set('clientSecret')}
        error={errors.clientSecret}
        hint="Stored encrypted; never shown again."
        required
      />
      <TextField label="Scope (optional)" name="oauth-scope" value={v.scope} onValue={set('scope')} error={errors.scope} />
      <TextField label="Audience (optional)" name="oauth-audience" value={v.audience} onValue={set('audience')} error={errors.audience} />
      <div class="actions">
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button type="button" disabled={busy} onClick={submit}>
          {busy ? 'Creating…' : 'Create credential'}
        </button>
      </div>
    </div>
  );
}
