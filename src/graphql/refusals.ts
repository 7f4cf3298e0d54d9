// Refusals Yoga and graphql-armor answer in their own words, made clear: each says what was wrong
// and how to fix it, carries a stable extensions.code, and echoes nothing of the request.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

// graphql-armor's messages (exposeLimits), which it prefixes with "Syntax Error: ".
const ARMOR_LIMITS: Array<{ pattern: RegExp; limit: string; advice: string }> = [
  { pattern: /Query Cost limit of ([\d.]+) exceeded, found ([\d.]+)\./, limit: 'cost', advice: 'ask for smaller pages (first) and fewer nested connections, or split the query' },
  { pattern: /Query depth limit of (\d+) exceeded, found (\d+)\./, limit: 'depth', advice: 'select fewer nested levels, or fetch deeper objects by id in a second query' },
  { pattern: /Aliases limit of (\d+) exceeded, found (\d+)\./, limit: 'aliases', advice: 'use fewer aliases, or split the query' },
  { pattern: /Directives limit of (\d+) exceeded, found (\d+)\./, limit: 'directives', advice: 'use fewer directives' },
  { pattern: /Token limit of (\d+) exceeded\./, limit: 'tokens', advice: 'send a shorter document, or split it' },
];

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** The clear form of a refusal Yoga or armor produced, or the error itself when it is none. */
export function clarify(error: GraphQLError): GraphQLError {
  for (const { pattern, limit, advice } of ARMOR_LIMITS) {
    const m = pattern.exec(error.message);
    if (!m) continue;
    const max = Number(m[1]);
    const found = m[2] === undefined ? undefined : Number(m[2]);
    const over = found === undefined ? `over the ${limit} limit of ${max}` : `${limit} ${found} is over the limit of ${max}`;
    return new GraphQLError(`The query is too complex: ${over}; ${advice}.`, {
      extensions: { code: QUERY_TOO_COMPLEX, limit, max, ...(found === undefined ? {} : { found }) },
    });
  }
  if (error.extensions.originalError !== undefined) {
    // Yoga puts the JSON parser's message there, which quotes the request body.
    const { originalError: _dropped, ...extensions } = error.extensions;
    if (error.message !== 'POST body sent invalid JSON.') return new GraphQLError(error.message, { extensions });
    // 400 whatever the Accept header (Yoga answers 200 for application/json once the parser's
    // error is gone): a body that is not JSON is no GraphQL request at all.
    return new GraphQLError('The request body is not valid JSON: send {"query": "...", "variables": {...}} with Content-Type: application/json.', {
      extensions: { ...extensions, http: { status: 400 } },
    });
  }
  return error;
}

const REFUSAL_BODIES: Record<number, { code: string; message: string }> = {
  406: {
    code: 'NOT_ACCEPTABLE',
    message: 'None of the media types in the Accept header can be served: accept application/graphql-response+json, application/json, text/event-stream or multipart/mixed (or omit Accept).',
  },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'The request body must be JSON: send it with Content-Type: application/json.',
  },
};

/** Gives Yoga's empty 406 and 415 answers a JSON body; clarifies armor's limit errors. */
export const useClearRefusals: Plugin = {
  onValidate: () => ({ result, setResult }) => {
    if (result.length > 0) setResult(result.map((e) => (e instanceof GraphQLError ? clarify(e) : e)));
  },
  onResponse: ({ response, setResponse, fetchAPI }) => {
    const refusal = REFUSAL_BODIES[response.status];
    if (!refusal || response.body !== null) return;
    const headers = new fetchAPI.Headers(response.headers);
    headers.set('content-type', 'application/json; charset=utf-8');
    setResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }), { status: response.status, headers }));
  },
};
