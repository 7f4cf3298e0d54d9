// Who the console talks to the API as. Precedence: a token in the URL fragment (`/#token=...`,
// the portal link: fragments never reach the server or its logs), then one kept in this tab's
// sessionStorage, then the development token the server puts into the page (only for same-origin
// loopback loads in development). Otherwise the console asks for one.
const STORAGE_KEY = 'hookgate.token';
const DEV_META = 'hookgate-dev-token';

export interface Session {
  token: string;
  /** The tenant (`sub`), read from the token for display; the server verifies it. */
  tenant: string | null;
  /** The application the token is scoped to (claim `app`): the console shows the portal view. */
  app: string | null;
  source: 'link' | 'session' | 'development' | 'prompt';
}

/** Reads the claims of a JWT without verifying it: only to pick a view; the API enforces them. */
function claimsOf(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function sessionFor(token: string, source: Session['source']): Session {
  const claims = claimsOf(token);
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  return { token, tenant: str(claims?.sub), app: str(claims?.app), source };
}

/** True when the string looks like a JWT (three base64url parts); the API decides the rest. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value.trim());
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be refused (sandboxed iframes, some privacy settings): keep the token in memory.
    return null;
  }
}

export function initialSession(): Session | null {
  const fragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fragment) {
    // Take the token out of the address bar (and history) at once.
    history.replaceState(history.state, '', location.pathname + location.search);
    storage()?.setItem(STORAGE_KEY, fragment);
    return sessionFor(fragment, 'link');
  }
  const kept = storage()?.getItem(STORAGE_KEY);
  if (kept) return sessionFor(kept, 'session');
  const dev = document.querySelector<HTMLMetaElement>(`meta[name="${DEV_META}"]`)?.content;
  if (dev) return sessionFor(dev, 'development');
  return null;
}

export function keepSession(session: Session): void {
  storage()?.setItem(STORAGE_KEY, session.token);
}

export function forgetSession(): void {
  storage()?.removeItem(STORAGE_KEY);
}
