// Prints a development token for a tenant (default "dev"), signed with the configured
// HOOKGATE_JWT_SECRET or the secret the embedded default generated in its data folder.
//   TOKEN=$(npm run -s token)            TOKEN=$(npm run -s token -- acme)
import { createAuthenticator } from '../src/auth/jwt.ts';
import { loadConfig } from '../src/config.ts';

const tenant = process.argv[2] ?? 'dev';
const authenticator = createAuthenticator(loadConfig());
if (!authenticator.issueToken) {
  process.stderr.write('Tokens come from your identity provider when HOOKGATE_JWKS_URL is set.\n');
  process.exit(1);
}
process.stdout.write(`${await authenticator.issueToken(tenant)}\n`);
