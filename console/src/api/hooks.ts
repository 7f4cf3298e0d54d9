// Data hooks for pages: a query that reloads when its variables change (and on demand), and the
// helpers that turn a mutation's result union into what a form shows.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TypedDocumentString } from '../gql/graphql.ts';
import { ApiError, request } from './client.ts';

export interface QueryState<R> {
  data: R | null;
  error: string | null;
  loading: boolean;
  reload(): Promise<void>;
  /** Replaces the data in place (live updates, optimistic edits). */
  setData(update: (data: R) => R): void;
}

export function useQuery<R, V>(doc: TypedDocumentString<R, V>, variables: V, opts: { skip?: boolean } = {}): QueryState<R> {
  const key = JSON.stringify(variables ?? {});
  const [data, setDataState] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(!opts.skip);
  const generation = useRef(0);
  const vars = useRef(variables);
  vars.current = variables;

  const load = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const result = await request(doc, vars.current);
      if (mine !== generation.current) return;
      setDataState(result);
      setError(null);
    } catch (err) {
      if (mine !== generation.current) return;
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [doc, key]);

  useEffect(() => {
    if (opts.skip) return;
    void load();
  }, [load, opts.skip]);

  const setData = useCallback((update: (d: R) => R) => setDataState((d) => (d === null ? d : update(d))), []);
  return { data, error, loading, reload: load, setData };
}

export interface FieldErrorShape {
  path: readonly string[];
  message: string;
}

/** A ValidationError's field errors keyed by their path without the argument name
 * (`['input', 'headers', '0', 'name']` → `headers.0.name`). */
export function fieldErrorMap(errors: readonly FieldErrorShape[] | undefined, argument = 'input'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) {
    const path = e.path[0] === argument ? e.path.slice(1) : e.path;
    const key = path.join('.');
    out[key] = out[key] ? `${out[key]} ${e.message}` : e.message;
  }
  return out;
}

export interface MutationError {
  __typename: string;
  message: string;
  fieldErrors?: FieldErrorShape[];
  /** ConflictError: the input field in conflict (e.g. a taken name). */
  path?: string[];
}

/** The fields an error names: a ValidationError's field errors, or a ConflictError's path. */
export function fieldsOf(error: MutationError): FieldErrorShape[] {
  if (error.fieldErrors) return error.fieldErrors;
  if (error.path && error.path.length > 0) return [{ path: error.path, message: error.message }];
  return [];
}

/** The payload of a mutation's result union, or the error member as a thrown-free value. */
export function splitResult<T extends { __typename: string }, P extends T['__typename']>(
  result: T,
  payload: P,
): { ok: Extract<T, { __typename: P }>; error: null } | { ok: null; error: MutationError } {
  if (result.__typename === payload) return { ok: result as Extract<T, { __typename: P }>, error: null };
  return { ok: null, error: result as unknown as MutationError };
}
