// Payload filters (docs/FILTERS.md): a small JSON language over the event envelope's `type` and
// `data`. A filter is checked and compiled once, when a webhook is saved, into a SQL/JSON path
// predicate (PostgreSQL `jsonpath`), stored beside it; fan-out evaluates every subscribed
// webhook's predicate inside the one INSERT statement that writes the event and its deliveries
// (`envelope @@ filterPath`), so a filtered-out webhook never gets a delivery row, the fan-out
// stays one statement and no filter is ever interpreted in JavaScript per event. Replay uses the
// same stored predicate, so both agree by construction.
//
// Every condition compiles to `exists(PATH ? (@ OP value))`: with the lax mode of SQL/JSON paths
// an array at PATH is unwrapped (a condition on an array matches when any element satisfies it,
// which is "array contains"), a missing path or a value of another type simply yields nothing
// (false, never unknown), and negation (`$ne`, `$nin`, `$not`) is a plain `!` over it.
import type { FieldErrors } from '../errors.ts';

export type Filter = { [key: string]: unknown };

export const FILTER_LIMITS = {
  /** Serialized size of the whole filter. */
  bytes: 8 * 1024,
  /** Conditions (path/operator pairs) in the whole filter. */
  conditions: 100,
  /** Nesting of $and / $or / $not. */
  depth: 6,
  /** Values in one $in / $nin. */
  inValues: 100,
  /** Segments of one path after `data`. */
  pathSegments: 16,
  /** Length of one string value or path segment. */
  stringLength: 1000,
} as const;

type Path = (string | number)[];

const COMPARISONS = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
const OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$contains']);
const LOGICAL = new Set(['$and', '$or', '$not']);

/**
 * Checks a filter and compiles it. Problems go to `errors` with their path inside the filter
 * (e.g. input.filter.$or.1.data.amount.$gt); returns the predicate, or null when the filter
 * matches everything (null or {}) or is invalid.
 */
export function compileFilter(errors: FieldErrors, at: Path, filter: unknown): string | null {
  if (filter === null || filter === undefined) return null;
  const before = errors.list.length;
  if (!isPlainObject(filter)) {
    errors.add(at, 'A filter is a JSON object (or null for every event)');
    return null;
  }
  const size = Buffer.byteLength(JSON.stringify(filter));
  if (size > FILTER_LIMITS.bytes) {
    errors.add(at, `The filter is ${size} bytes; the limit is ${FILTER_LIMITS.bytes}`);
    return null;
  }
  if (Object.keys(filter).length === 0) return null;
  const state = { errors, conditions: 0 };
  const predicate = compileObject(state, at, filter, 1);
  if (state.conditions > FILTER_LIMITS.conditions) errors.add(at, `At most ${FILTER_LIMITS.conditions} conditions are allowed`);
  return errors.list.length > before ? null : predicate;
}

interface State {
  errors: FieldErrors;
  conditions: number;
}

/** An object of clauses, all of which must hold. */
function compileObject(s: State, at: Path, filter: Filter, depth: number): string {
  const terms: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    const here = [...at, key];
    if (key.startsWith('$')) {
      if (!LOGICAL.has(key)) {
        s.errors.add(here, `Unknown operator ${key} here; logical operators are $and, $or and $not, conditions go under a path (data.amount: { $gt: 10 })`);
        continue;
      }
      if (depth >= FILTER_LIMITS.depth) {
        s.errors.add(here, `Filters may nest $and / $or / $not at most ${FILTER_LIMITS.depth - 1} deep`);
        continue;
      }
      if (key === '$not') {
        if (!isPlainObject(value) || Object.keys(value).length === 0) s.errors.add(here, '$not takes a non-empty filter object');
        else terms.push(`!(${compileObject(s, here, value, depth + 1)})`);
        continue;
      }
      if (!Array.isArray(value) || value.length === 0) {
        s.errors.add(here, `${key} takes a non-empty list of filter objects`);
        continue;
      }
      const parts = value.map((sub, i) => {
        if (!isPlainObject(sub) || Object.keys(sub).length === 0) {
          s.errors.add([...here, i], 'Each entry is a non-empty filter object');
          return 'true';
        }
        return `(${compileObject(s, [...here, i], sub, depth + 1)})`;
      });
      terms.push(`(${parts.join(key === '$and' ? ' && ' : ' || ')})`);
      continue;
    }
    const path = compilePath(s, here, key);
    if (path === null) continue;
    if (isPlainObject(value)) {
      const ops = Object.entries(value);
      if (ops.length === 0 || ops.some(([op]) => !op.startsWith('$'))) {
        s.errors.add(here, 'Equality on an object is not supported: name the field with a dotted path (data.user.id), or use operators ({ $gt: 1 })');
        continue;
      }
      for (const [op, operand] of ops) {
        const term = compileOperator(s, [...here, op], path, op, operand);
        if (term !== null) terms.push(term);
      }
    } else {
      const term = compileOperator(s, here, path, '$eq', value);
      if (term !== null) terms.push(term);
    }
  }
  return terms.length === 0 ? 'true' : terms.join(' && ');
}

/** `type`, `data` or `data.a.b.0.c` to a SQL/JSON path; digit-only segments index arrays. */
function compilePath(s: State, at: Path, key: string): string | null {
  if (key === 'type') return '$."type"';
  const segments = key.split('.');
  if (segments[0] !== 'data') {
    s.errors.add(at, `Paths start at the event envelope: "type", or "data" and its fields (data.${key})`);
    return null;
  }
  const rest = segments.slice(1);
  if (rest.length > FILTER_LIMITS.pathSegments) {
    s.errors.add(at, `A path may have at most ${FILTER_LIMITS.pathSegments} segments after data`);
    return null;
  }
  let out = '$."data"';
  for (const seg of rest) {
    if (seg.length === 0) {
      s.errors.add(at, 'A path has no empty segments (no leading, trailing or doubled dots)');
      return null;
    }
    if (seg.length > FILTER_LIMITS.stringLength || !wellFormed(seg)) {
      s.errors.add(at, `Path segments are well-formed text of at most ${FILTER_LIMITS.stringLength} characters`);
      return null;
    }
    out += /^(0|[1-9][0-9]{0,8})$/.test(seg) ? `[${seg}]` : `.${quote(seg)}`;
  }
  return out;
}

function compileOperator(s: State, at: Path, path: string, op: string, operand: unknown): string | null {
  if (!OPERATORS.has(op)) {
    s.errors.add(at, `Unknown operator ${op}; see docs/FILTERS.md (${[...OPERATORS].join(', ')})`);
    return null;
  }
  s.conditions++;
  switch (op) {
    case '$eq':
    case '$ne': {
      const v = scalar(s, at, operand, op === '$eq' ? 'Equality takes a string, number, boolean or null (lists: $in)' : undefined);
      if (v === undefined) return null;
      const term = `exists(${path} ? (@ == ${v}))`;
      return op === '$eq' ? term : `!${term}`;
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (typeof operand !== 'number' && typeof operand !== 'string') {
        s.errors.add(at, `${op} takes a number or a string`);
        return null;
      }
      const v = scalar(s, at, operand);
      return v === undefined ? null : `exists(${path} ? (@ ${COMPARISONS[op]} ${v}))`;
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand) || operand.length === 0 || operand.length > FILTER_LIMITS.inValues) {
        s.errors.add(at, `${op} takes a list of 1 to ${FILTER_LIMITS.inValues} strings, numbers, booleans or nulls`);
        return null;
      }
      const values = operand.map((v, i) => scalar(s, [...at, i], v));
      if (values.some((v) => v === undefined)) return null;
      const term = `exists(${path} ? (${values.map((v) => `@ == ${v}`).join(' || ')}))`;
      return op === '$in' ? term : `!${term}`;
    }
    case '$exists':
      if (typeof operand !== 'boolean') {
        s.errors.add(at, '$exists takes true or false');
        return null;
      }
      return operand ? `exists(${path})` : `!exists(${path})`;
    case '$contains': {
      const v = scalar(s, at, operand);
      if (v === undefined) return null;
      // Strict about the container: the value at the path must itself be an array.
      return `(${path}.type() == "array" && exists(${path}[*] ? (@ == ${v})))`;
    }
  }
  return null;
}

/** A JSON scalar as a SQL/JSON path literal, or undefined after reporting why it cannot be one. */
function scalar(s: State, at: Path, v: unknown, message?: string): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' && Number.isFinite(v)) return JSON.stringify(v);
  if (typeof v === 'string') {
    if (v.length > FILTER_LIMITS.stringLength) s.errors.add(at, `Strings are at most ${FILTER_LIMITS.stringLength} characters`);
    else if (!wellFormed(v) || v.includes('\u0000')) s.errors.add(at, 'Strings must be well-formed text without NUL');
    else return quote(v);
    return undefined;
  }
  s.errors.add(at, message ?? 'Takes a string, number, boolean or null');
  return undefined;
}

/**
 * A SQL/JSON path string literal. Its escapes are JSON's (\" \\ \n \uXXXX ...), so JSON.stringify
 * of well-formed text is one; lone surrogates and NUL are refused before they get here.
 */
function quote(v: string): string {
  return JSON.stringify(v);
}

function wellFormed(v: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v) && !v.includes('\u0000');
}

function isPlainObject(v: unknown): v is Filter {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
