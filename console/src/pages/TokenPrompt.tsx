// Asked when the console has no token (not development, no portal link) or the API refused it.
import { useState } from 'preact/hooks';
import { looksLikeToken, sessionFor, type Session } from '../auth.ts';
import { Notice, TextArea } from '../components/ui.tsx';

export function TokenPrompt(props: { expired: boolean; onToken: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <main id="main" class="prompt">
      <h1>Hookgate console</h1>
      {props.expired && <Notice kind="warning" title="Your token was not accepted (expired or invalid). Paste a new one." />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const t = token.trim().replace(/^Bearer\s+/i, '');
          if (!looksLikeToken(t)) {
            setError('A token is a JWT: three dot-separated base64url parts.');
            return;
          }
          props.onToken(sessionFor(t, 'prompt'));
        }}
      >
        <TextArea
          label="API token"
          name="token"
          mono
          rows={4}
          value={token}
          onValue={(v) => {
            setToken(v);
            setError(undefined);
          }}
          error={error}
          hint={
            <>
              A bearer token for the GraphQL API (<code>npm run token -- &lt;tenant&gt;</code> makes one for development). It is
              kept in this tab's session storage only.
            </>
          }
        />
        <button type="submit">Open the console</button>
      </form>
    </main>
  );
}
