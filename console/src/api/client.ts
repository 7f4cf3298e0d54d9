// GraphQL over HTTP for queries and mutations (fetch, JSON), with the session's bearer token.
// Transport failures and GraphQL errors become an ApiError; an UNAUTHENTICATED answer also tells
// the app to ask for a new token.
import type { TypedDocumentString } from '../gql/graphql.ts';

export const GRAPHQL_PATH = '/graphql';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

let currentToken: string | null = null;
let onUnauthenticated: () => void = () => {};

export function setToken(token: string | null): void {
  currentToken = token;
}

export function getToken(): string | null {
  return currentToken;
}

export function onAuthFailure(handler: () => void): void {
  onUnauthenticated = handler;
}

export function authorizationHeader(): Record<string, string> {
  return currentToken ? { authorization: `Bearer ${currentToken}` } : {};
}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export async function request<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  let res: Response;
  try {
    res = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authorizationHeader() },
      body: JSON.stringify({ query: doc.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('Hookgate cannot be reached. Check your connection and try again.', 'NETWORK');
  }
  let body: GraphQLResponse<R>;
  try {
    body = (await res.json()) as GraphQLResponse<R>;
  } catch {
    throw new ApiError(`Hookgate answered HTTP ${res.status} without a GraphQL response.`, 'HTTP');
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? null;
    if (code === 'UNAUTHENTICATED' || res.status === 401) onUnauthenticated();
    throw new ApiError(first.message, code);
  }
  if (!body.data) throw new ApiError('Hookgate answered without data.', 'HTTP');
  return body.data;
}
