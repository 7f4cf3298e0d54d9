// Prisma where-inputs as SQL, for the few statements written by hand that must select exactly the
// rows a Prisma query would (the shaped webhook page, src/graphql/webhookPage.ts). The rules stay
// where they live (src/auth/scope.ts, src/webhooks/read.ts) and keep producing Prisma where-inputs;
// this only translates them. It knows the operators those rules use and throws
// UnsupportedWhere on anything else, so that a new rule never silently matches more rows: the caller
// then answers through Prisma.
import type { Param } from './sql.ts';

export class UnsupportedWhere extends Error {}

/** What the translation needs to know of a table's columns. */
export interface Columns {
  /** Quoted table alias the columns belong to, e.g. `w`. */
  alias: string;
  /** Columns of type uuid: compared to a parameter cast to uuid. */
  uuid: ReadonlySet<string>;
  /** Scalar list columns (text[]): `has`. */
  lists: ReadonlySet<string>;
  /** Every column the translation may name (guards against a key that is a relation). */
  known: ReadonlySet<string>;
}

/** Collects parameters: `add` returns the placeholder ($n) of a value. */
export class Params {
  readonly values: Param[] = [];
  add(v: Param): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const ident = (c: Columns, name: string) => {
  if (!c.known.has(name)) throw new UnsupportedWhere(`where: unknown column ${name}`);
  return `${c.alias}."${name}"`;
};

const scalar = (v: unknown): Param => {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
  throw new UnsupportedWhere(`where: unsupported value ${typeof v}`);
};

function equals(c: Columns, name: string, v: unknown, p: Params): string {
  if (v === null) return `${ident(c, name)} IS NULL`;
  const ph = p.add(scalar(v));
  return `${ident(c, name)} = ${c.uuid.has(name) ? `${ph}::uuid` : ph}`;
}

function condition(c: Columns, name: string, v: unknown, p: Params): string {
  if (v === null || typeof v !== 'object') return equals(c, name, v, p);
  if (Array.isArray(v) || v instanceof Date) throw new UnsupportedWhere(`where: value of ${name}`);
  const ops = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  const mode = (v as { mode?: unknown }).mode;
  const parts: string[] = [];
  for (const [op, x] of ops) {
    switch (op) {
      case 'equals':
        parts.push(equals(c, name, x, p));
        break;
      case 'has':
        if (!c.lists.has(name) || x === null) throw new UnsupportedWhere(`where: has on ${name}`);
        parts.push(`${ident(c, name)} @> ARRAY[${p.add(scalar(x))}]::text[]`);
        break;
      case 'contains':
        // Prisma's contains: LIKE/ILIKE '%value%', the value's own % and _ left as wildcards.
        if (typeof x !== 'string' || c.lists.has(name) || c.uuid.has(name)) throw new UnsupportedWhere(`where: contains on ${name}`);
        parts.push(`${ident(c, name)}::text ${mode === 'insensitive' ? 'ILIKE' : 'LIKE'} ${p.add(`%${x}%`)}`);
        break;
      case 'gt':
      case 'lt': {
        const ph = p.add(scalar(x));
        parts.push(`${ident(c, name)} ${op === 'gt' ? '>' : '<'} ${c.uuid.has(name) ? `${ph}::uuid` : ph}`);
        break;
      }
      case 'mode':
        if (x !== 'insensitive' && x !== 'default') throw new UnsupportedWhere(`where: mode ${String(x)}`);
        break;
      default:
        throw new UnsupportedWhere(`where: operator ${op}`);
    }
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/** The SQL condition (parenthesized) selecting the rows `where` selects. */
export function whereSql(c: Columns, where: object, p: Params): string {
  const parts: string[] = [];
  for (const [key, v] of Object.entries(where)) {
    if (v === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      const list = (Array.isArray(v) ? v : [v]) as object[];
      const sub = list.map((w) => whereSql(c, w, p));
      // Prisma: AND of nothing is true, OR of nothing is false.
      parts.push(sub.length ? `(${sub.join(key === 'AND' ? ' AND ' : ' OR ')})` : key === 'AND' ? 'TRUE' : 'FALSE');
    } else if (key === 'NOT') {
      throw new UnsupportedWhere('where: NOT');
    } else {
      parts.push(condition(c, key, v, p));
    }
  }
  return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
}
