// Cross-origin access to the API. Off by default: browsers then let only same-origin pages (GraphiQL,
// the console) read answers. HOOKGATE_CORS_ORIGINS opens it to an explicit list of origins, or to
// any origin with `*`. Never with credentials: the API authenticates by bearer token, not cookies,
// so no answer needs them, and an origin is never reflected unless it is on the list.

/** Parses the comma-separated list; throws with the offending entry's position when invalid. */
export function parseCorsOrigins(value: string): string[] {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  entries.forEach((entry, i) => {
    if (entry === '*') return;
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry) {
      throw new Error(`entry ${i + 1} is not an origin: write scheme://host[:port] with no path or trailing slash (e.g. https://app.example.com), or *`);
    }
  });
  return entries;
}

/** The Access-Control-Allow-Origin value for a request from `origin`, or null for none. */
export function allowedOrigin(origin: string | null, allowed: readonly string[]): string | null {
  if (origin === null || allowed.length === 0) return null;
  if (allowed.includes(origin)) return origin;
  return allowed.includes('*') ? '*' : null;
}

/** What a cross-origin caller may send: our auth header and the GraphQL-over-HTTP ones. */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'x-graphql-yoga-csrf'];
export const CORS_METHODS = ['GET', 'POST'];
