// Raw SQL for the few statements on the delivery hot path (the dispatcher's claim and the grouped
// attempt writes), sent straight to the driver under Prisma's adapter: the same pg pool, or the
// same PGlite instance. Prisma costs about 270 µs of client CPU per statement on top of the
// driver, and the claim's JSON document went through its result mapping before being parsed again.
//
// Statements are named and prepared once per connection, so neither database plans them again:
// node-postgres prepares a named statement on each pooled connection the first time it runs
// there; PGlite (one connection) gets PREPARE once and then EXECUTE with the parameters as
// literals, because its extended-protocol path does not bind parameters to EXECUTE.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export interface Statement {
  /** Unique per statement text: a prepared statement is found by this name. */
  name: string;
  text: string;
  /** Parameter types, for PREPARE ($1 is types[0]). */
  types: readonly string[];
}

export type Param = string | number | boolean | null;

export interface SqlTx {
  /** A prepared statement, as Sql.query (PGlite: sent as text inside a transaction). */
  query<R>(st: Statement, params: readonly Param[]): Promise<R[]>;
  /** Any statement with parameters, not prepared. */
  unsafe<R>(text: string, params: readonly Param[]): Promise<R[]>;
}

export interface Sql {
  query<R>(st: Statement, params: readonly Param[]): Promise<R[]>;
  /**
   * A statement whose text varies with the request (the shaped webhook page: one text per GraphQL
   * selection). The first PREPARED_TEXTS texts are prepared like `query`'s (planning is a large
   * part of such a statement's cost); any text beyond goes unnamed, so that no client can grow
   * every connection's statement cache without bound.
   */
  queryText<R>(text: string, params: readonly Param[]): Promise<R[]>;
  /**
   * `fn`'s statements in one transaction on one connection: COMMIT when it resolves, ROLLBACK
   * when it throws (publishEvents: a batch of statements without Prisma's cost for each).
   */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
}

export function pgSql(pool: pg.Pool, onQuery?: (sql: string) => void): Sql {
  return {
    async query<R>(st: Statement, params: readonly Param[]) {
      onQuery?.(st.text);
      const res = await pool.query({ name: st.name, text: st.text, values: params as Param[] });
      return res.rows as R[];
    },
    async queryText<R>(text: string, params: readonly Param[]) {
      const st = textStatement(text, params);
      if (st) return this.query<R>(st, params);
      onQuery?.(text);
      return (await pool.query(text, params as Param[])).rows as R[];
    },
    async transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const tx: SqlTx = {
          async query<R>(st: Statement, params: readonly Param[]) {
            onQuery?.(st.text);
            return (await client.query({ name: st.name, text: st.text, values: params as Param[] })).rows as R[];
          },
          async unsafe<R>(text: string, params: readonly Param[]) {
            onQuery?.(text);
            return (await client.query(text, params as Param[])).rows as R[];
          },
        };
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        // A connection that cannot even roll back is not handed to the next caller.
        await client.query('ROLLBACK').catch((e: unknown) => (broken = e as Error));
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}

const PREPARED_TEXTS = 64;
const textStatements = new Map<string, Statement>();

/** The prepared statement for a text, while there is room for one more; parameter types from the values. */
function textStatement(text: string, params: readonly Param[]): Statement | null {
  let st = textStatements.get(text);
  if (!st && textStatements.size < PREPARED_TEXTS) {
    const types = params.map((v) => (typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'numeric' : 'text'));
    st = { name: `text_${textStatements.size + 1}`, text, types };
    textStatements.set(text, st);
  }
  return st ?? null;
}

function literal(v: Param): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
    return String(v);
  }
  // standard_conforming_strings is on: only the quote needs doubling.
  return `'${v.replaceAll("'", "''")}'`;
}

export function pgliteSql(db: PGlite, onQuery?: (sql: string) => void): Sql {
  const prepared = new Set<string>();
  return {
    async query<R>(st: Statement, params: readonly Param[]) {
      onQuery?.(st.text);
      if (!prepared.has(st.name)) {
        // Without parameters both PREPARE and EXECUTE take no parentheses at all ("()" is a syntax error).
        const types = st.types.length > 0 ? `(${st.types.join(', ')})` : '';
        await db.query(`PREPARE ${st.name}${types} AS ${st.text}`).catch((err: unknown) => {
          if (!String((err as Error).message).includes('already exists')) throw err;
        });
        prepared.add(st.name);
      }
      const res = await db.query<R>(`EXECUTE ${st.name}${params.length > 0 ? `(${params.map(literal).join(', ')})` : ''}`);
      return res.rows;
    },
    async queryText<R>(text: string, params: readonly Param[]) {
      const st = textStatement(text, params);
      if (st) return this.query<R>(st, params);
      onQuery?.(text);
      return (await db.query<R>(text, params as Param[])).rows;
    },
    transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      // Inside PGlite's transaction every statement goes as text with bound parameters: a PREPARE
      // made there is not worth its bookkeeping (one connection, planning is cheap next to wasm).
      return db.transaction(async (t) => {
        const unsafe = async <R>(text: string, params: readonly Param[]) => {
          onQuery?.(text);
          return (await t.query<R>(text, params as Param[])).rows;
        };
        return fn({ query: (st, params) => unsafe(st.text, params), unsafe });
      });
    },
  };
}
