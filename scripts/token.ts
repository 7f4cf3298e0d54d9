// Prints a development token for a tenant (default "dev"), signed with the configured
// HOOKGATE_JWT_SECRET or the secret the embedded default generated in its data folder.
//   TOKEN=$(npm run -s token)            TOKEN=$(npm run -s token -- acme)
//   npm run -s token -- acme --app pub_abc123     a portal token: one application (id or externalId)
//   npm run -s token -- acme --read-only          queries and subscriptions only
import { parseArgs } from 'node:util';
import { createAuthenticator } from '../src/auth/jwt.ts';
import { loadConfig } from '../src/config.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { app: { type: 'string' }, 'read-only': { type: 'boolean' }, expires: { type: 'string', default: '30d' } },
});
const tenant = positionals[0] ?? 'dev';
const authenticator = createAuthenticator(loadConfig());
if (!authenticator.issueToken) {
  process.stderr.write('Tokens come from your identity provider when HOOKGATE_JWKS_URL is set.\n');
  process.exit(1);
}
// Without a scope claim a token may write; a scope without hookgate:write makes it read-only.
const scope = values['read-only'] ? 'hookgate:read' : undefined;
process.stdout.write(`${await authenticator.issueToken(tenant, values.expires, scope, values.app)}\n`);
