// `webhooks` answered by one statement that returns the page already shaped (JSON arrays of each
// row's values, PostgreSQL and PGlite alike), built from the GraphQL selection: only the asked
// columns and relations. Prisma's result mapping and the Prisma plugin's per-row selection mapping
// were most of the CPU of a page of 50 webhooks (BENCHMARKS.md, "Issue 10, session 4"); how the
// statement builds its JSON was most of PostgreSQL's ("Issue 10, session 5").
//
// What it covers: first/after paging, the filter, totalCount and pageInfo, the webhook's columns
// and fingerprint, its headers, application and `deliveries(first, status)` with the delivery's
// columns. Anything else in the selection (a relation further down, `last`/`before`, a cursor
// that does not parse) answers NOT_SHAPED and the field's Prisma resolver answers as before: the
// generic path stays the reference, and test/webhook-page.test.ts compares the two.
//
// Same semantics as the generic path: the rows are those of the caller's where-input (scope and
// filter, translated by src/db/where.ts), the page's take/skip/cursor come from Pothos' own helpers
// (prismaConnectionHelpers), its connection follows their rules (connectionOf), and a cursor finds
// its row as Prisma's does (`id >= the cursor row's id`, then skip it), even when that row is
// outside the filter.
import { getArgumentValues, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields.js';
import { PothosValidationError } from '@pothos/core';
import { formatPrismaCursor, prismaConnectionHelpers } from '@pothos/plugin-prisma';
import type { Prisma } from '../generated/prisma/client.ts';
import { Params, UnsupportedWhere, whereSql, type Columns } from '../db/where.ts';
import type { Context } from './context.ts';
import { builder } from './builder.ts';
import { NOT_SHAPED, RELATION, SHAPED } from './shaped.ts';

/** The `webhooks` connection's page sizes, shared with its generic definition. */
export const WEBHOOK_PAGE = { defaultSize: 20, maxSize: 100 } as const;

class NotShaped extends Error {}

// Per type: the columns each field's own resolver reads. A field missing here is not shaped.
const WEBHOOK_FIELDS: Record<string, readonly string[]> = {
  id: ['id'],
  name: ['name'],
  description: ['description'],
  url: ['urls'],
  urls: ['urls'],
  events: ['events'],
  eventGroup: ['eventGroup'],
  method: ['method'],
  bodyTemplate: ['bodyTemplate'],
  isActive: ['isActive'],
  disabledReason: ['disabledReason'],
  retrySchedule: ['retrySchedule'],
  rateLimitPerSecond: ['rateLimitPerSecond'],
  filter: ['filter'],
  ordering: ['ordering'],
  lastTestAt: ['lastTestAt'],
  lastTestStatus: ['lastTestStatus'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
  deletedAt: ['deletedAt'],
  // Its resolver reads the relation `secrets`: the current secret's last4.
  secretFingerprint: ['secrets'],
};
/** Columns that are not columns of the table: the SQL of each, given the row's alias, and its value. */
const COMPUTED: Record<string, { sql: (alias: string) => string; decode: Decode }> = {
  // The current secret's last4 (a NOT NULL column: null means no current secret), as the one-row
  // list the resolver reads.
  secrets: {
    sql: (w) => `(SELECT s."last4" FROM "WebhookSecret" s WHERE s."webhookId" = ${w}."id" AND s."expiresAt" IS NULL LIMIT 1)`,
    decode: (v) => (v === null ? [] : [{ last4: v }]),
  },
};
/**
 * The shaped tables' timestamp columns (all timestamptz(3)). PostgreSQL writes them in JSON as ISO
 * 8601 with an offset, which Date parses natively; as Dates, the value Prisma hands the generic
 * path, the DateTime scalar only checks them instead of validating and parsing the text in JS
 * (about 2 µs a date). Epoch milliseconds computed in SQL cost PostgreSQL as much as that saved.
 */
const TIMESTAMPS = new Set(['createdAt', 'updatedAt', 'deletedAt', 'lastTestAt', 'nextAttemptAt', 'completedAt']);
const toDate: Decode = (v) => (v === null ? null : new Date(v as string));

const HEADER_FIELDS: Record<string, readonly string[]> = { name: ['name'], value: ['value'] };
const APPLICATION_FIELDS: Record<string, readonly string[]> = {
  id: ['id'],
  name: ['name'],
  externalId: ['externalId'],
  description: ['description'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
};
const DELIVERY_FIELDS: Record<string, readonly string[]> = {
  id: ['id'],
  url: ['url'],
  status: ['status'],
  attemptCount: ['attemptCount'],
  nextAttemptAt: ['nextAttemptAt'],
  lastError: ['lastError'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
  completedAt: ['completedAt'],
};

const WEBHOOK_COLUMNS: Omit<Columns, 'alias'> = {
  uuid: new Set(['id', 'applicationId', 'oauthCredentialId']),
  lists: new Set(['urls', 'events']),
  known: new Set(['id', 'tenantId', 'applicationId', 'oauthCredentialId', 'deletedAt', 'isActive', 'name', 'description', 'urls', 'events']),
};

// json_build_array takes at most 100 arguments.
const MAX_VALUES = 100;

/**
 * Turns one value of the statement's JSON into what the resolvers read. A row travels as a JSON
 * array of its values (json_build_array), not an object: PostgreSQL builds an array of 8 values
 * in about half the time of the object with their 8 keys (BENCHMARKS.md, "Issue 10, session 5"),
 * and the keys are known here anyway. `parent` is the shaped row the value belongs to.
 */
type Decode = (v: unknown, parent: Row | undefined) => unknown;
type Row = Record<string, unknown>;

/** SQL of a value in the statement's JSON, and how to decode it. */
interface Part {
  sql: string;
  decode: Decode;
}

/** Turns a row sent as json_build_array(values...) into the shaped row the resolvers read. */
type RowDecoder = (v: unknown) => Row;

/** SQL of a row in the statement's JSON, and its decoder. */
interface RowPart {
  sql: string;
  decode: RowDecoder;
}

/** Decodes a row sent as json_build_array(values...): `keys[i]` is value i, `decoders[i]` its decoder if any. */
function rowDecoder(keys: readonly string[], decoders: ReadonlyArray<Decode | undefined>): RowDecoder {
  return (v) => {
    const values = v as unknown[];
    const row: Row = { [SHAPED]: true };
    for (let i = 0; i < keys.length; i++) {
      const decode = decoders[i];
      row[keys[i]!] = decode ? decode(values[i], row) : values[i];
    }
    return row;
  };
}

const listOf = (decode: RowDecoder): Decode => (v) => (v as unknown[]).map(decode);

type Helpers = ReturnType<typeof connectionHelpers>;
let helpers: Helpers | undefined;
function connectionHelpers() {
  return {
    webhooks: prismaConnectionHelpers(builder, 'Webhook', { cursor: 'id', ...WEBHOOK_PAGE }),
    deliveries: prismaConnectionHelpers(builder, 'Delivery', { cursor: 'id' }),
  };
}

class Compiler {
  readonly params = new Params();
  private aliases = 0;
  constructor(private readonly info: GraphQLResolveInfo) {}

  alias(): string {
    return `t${++this.aliases}`;
  }

  sub(type: GraphQLObjectType, nodes: readonly FieldNode[]): Map<string, readonly FieldNode[]> {
    return collectSubfields(this.info.schema, this.info.fragments, this.info.variableValues, type, nodes);
  }

  objectType(name: string): GraphQLObjectType {
    return this.info.schema.getType(name) as GraphQLObjectType;
  }

  args(type: GraphQLObjectType, node: FieldNode): Record<string, unknown> {
    const def = type.getFields()[node.name.value];
    if (!def) throw new NotShaped();
    return getArgumentValues(def, node, this.info.variableValues);
  }

  /**
   * A shaped row of `alias`, as json_build_array of its columns and relations. `always`: columns
   * read whatever the selection (a connection's rows need their cursor column).
   */
  row(
    typeName: string,
    alias: string,
    fields: Record<string, readonly string[]>,
    nodes: readonly FieldNode[],
    relation: (field: string, key: string, nodes: readonly FieldNode[]) => Part | null,
    always: readonly string[] = [],
  ): RowPart {
    const columns = new Set<string>(always);
    const keys: string[] = [];
    const values: string[] = [];
    const decoders: Array<Decode | undefined> = [];
    for (const [key, fieldNodes] of this.sub(this.objectType(typeName), nodes)) {
      const field = fieldNodes[0]!.name.value;
      if (field === '__typename') continue;
      const cols = fields[field];
      if (cols) {
        for (const c of cols) columns.add(c);
        continue;
      }
      const part = relation(field, key, fieldNodes);
      if (part === null) throw new NotShaped();
      keys.push(RELATION + key);
      values.push(part.sql);
      decoders.push(part.decode);
    }
    for (const c of columns) {
      const computed = COMPUTED[c];
      keys.push(c);
      values.push(computed?.sql(alias) ?? `${alias}."${c}"`);
      decoders.push(computed?.decode ?? (TIMESTAMPS.has(c) ? toDate : undefined));
    }
    if (values.length > MAX_VALUES) throw new NotShaped();
    return { sql: `json_build_array(${values.join(', ')})`, decode: rowDecoder(keys, decoders) };
  }

  webhook(w: string, nodes: readonly FieldNode[]): RowPart {
    const type = this.objectType('Webhook');
    return this.row(
      'Webhook',
      w,
      WEBHOOK_FIELDS,
      nodes,
      (field, key, fieldNodes) => {
        switch (field) {
          case 'headers': {
            const h = this.alias();
            const row = this.row('WebhookHeader', h, HEADER_FIELDS, fieldNodes, () => null);
            // ARRAY(subquery) keeps the subquery's order without the sort json_agg(... ORDER BY)
            // does per webhook.
            return {
              sql: `array_to_json(ARRAY(SELECT ${row.sql} FROM "WebhookHeader" ${h} WHERE ${h}."webhookId" = ${w}."id" ORDER BY ${h}."position"))`,
              decode: listOf(row.decode),
            };
          }
          case 'application': {
            const a = this.alias();
            const row = this.row('Application', a, APPLICATION_FIELDS, fieldNodes, () => null);
            return {
              sql: `(SELECT ${row.sql} FROM "Application" ${a} WHERE ${a}."id" = ${w}."applicationId")`,
              decode: (v) => (v === null ? null : row.decode(v)),
            };
          }
          case 'deliveries':
            return this.deliveries(w, this.args(type, fieldNodes[0]!), fieldNodes);
          default:
            return null;
        }
      },
      ['id'],
    );
  }

  /** `deliveries(first, status)`, newest first, finished into a connection as the generic path's. */
  deliveries(w: string, args: Record<string, unknown>, nodes: readonly FieldNode[]): Part {
    const query = pageQuery(helpers!.deliveries, args);
    if (query.cursor || query.take <= 0) throw new NotShaped();
    const d = this.alias();
    let where = `${d}."webhookId" = ${w}."id"`;
    if (args.status != null) where += ` AND ${d}."status" = ${this.params.add(args.status as string)}::"DeliveryStatus"`;
    const { totalCount, rows, pageInfo, nodes: nodeNodes } = this.connection('DeliveryConnection', 'DeliveryEdge', nodes);
    let rowsSql = `'[]'::json`;
    let decodeRow: RowDecoder = () => ({});
    if (rows) {
      const row = this.row('Delivery', d, DELIVERY_FIELDS, nodeNodes, () => null, ['id']);
      decodeRow = row.decode;
      rowsSql = `array_to_json(ARRAY(SELECT ${row.sql} FROM "Delivery" ${d} WHERE ${where} ORDER BY ${d}."id" DESC LIMIT ${limit(query.take, pageInfo)}))`;
    }
    const total = totalCount ? `(SELECT count(*)::int FROM "Delivery" ${d} WHERE ${where})` : 'NULL';
    return {
      sql: `json_build_array(${rowsSql}, ${total})`,
      decode: (v, parent) => {
        const [list, count] = v as [unknown[], number | null];
        return connectionOf(list.map(decodeRow), args, query.take, parent, count);
      },
    };
  }

  /**
   * What a connection's selection asks: totalCount, rows (edges or pageInfo) and the `node` field
   * nodes. One `edges` at most: two aliases could ask the same relation key with other arguments.
   */
  connection(connectionType: string, edgeType: string, nodes: readonly FieldNode[]): { totalCount: boolean; rows: boolean; pageInfo: boolean; nodes: FieldNode[] } {
    const out = { totalCount: false, rows: false, pageInfo: false, nodes: [] as FieldNode[] };
    let edges = 0;
    for (const [, fieldNodes] of this.sub(this.objectType(connectionType), nodes)) {
      const field = fieldNodes[0]!.name.value;
      if (field === 'totalCount') out.totalCount = true;
      else if (field === 'pageInfo') out.rows = out.pageInfo = true;
      else if (field === 'edges') {
        if (++edges > 1) throw new NotShaped();
        out.rows = true;
        for (const [, edgeNodes] of this.sub(this.objectType(edgeType), fieldNodes)) {
          const edgeField = edgeNodes[0]!.name.value;
          if (edgeField === 'node') out.nodes.push(...edgeNodes);
          else if (edgeField !== 'cursor' && edgeField !== '__typename') throw new NotShaped();
        }
      } else if (field !== '__typename') throw new NotShaped();
    }
    return out;
  }
}

interface PageQuery {
  take: number;
  skip: number;
  cursor?: { id: string };
}

/** Pothos' own page query for these args (take, skip, cursor); throws as the generic path would. */
function pageQuery(h: Helpers[keyof Helpers], args: Record<string, unknown>): PageQuery {
  // No context (the sizes are constants) and no nested selection (this file builds its own): the
  // query is then take, skip, cursor and a select of the cursor column.
  return h.getQuery(args, undefined as never, () => null) as unknown as PageQuery;
}

const formatCursor = (row: Row) => formatPrismaCursor(row, 'id');

/** An edge whose cursor is encoded when read: most selections ask for none (100 in the bench's page). */
class Edge {
  constructor(
    readonly connection: Connection,
    readonly node: Row,
  ) {}
  get cursor(): string {
    return formatCursor(this.node);
  }
}

class PageInfo {
  constructor(
    private readonly edges: readonly Edge[],
    readonly hasPreviousPage: boolean,
    readonly hasNextPage: boolean,
  ) {}
  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }
  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

interface Connection {
  parent: unknown;
  args: Record<string, unknown>;
  totalCount: number | undefined;
  edges: Edge[];
  pageInfo: PageInfo | null;
}

/**
 * The connection Pothos' helpers make of a forward page's rows (wrapConnectionResult: `take` is
 * the page size plus one, a full read means a next page, `after` means a previous one), with the
 * cursors encoded only when read. The shaped path takes no backward paging (take > 0).
 */
function connectionOf(rows: Row[], args: Record<string, unknown>, take: number, parent: unknown, totalCount: number | null): Connection {
  const full = rows.length === take;
  const nodes = full ? rows.slice(0, -1) : rows;
  const conn: Connection = { parent, args, totalCount: totalCount ?? undefined, edges: [], pageInfo: null };
  conn.edges = nodes.map((node) => new Edge(conn, node));
  conn.pageInfo = new PageInfo(conn.edges, args.after != null, full);
  return conn;
}

/**
 * Rows to read for a page of `take` (the page size plus one, Pothos' way of knowing whether a
 * next page exists): without pageInfo in the selection that extra row is never looked at, and
 * the connection's edges are the same from the page's rows alone.
 */
function limit(take: number, pageInfo: boolean): number {
  return pageInfo ? take : take - 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PageRow {
  total: number | null;
  rows: unknown[];
}

/** Marks the shaped statement's text (tests and logs tell it from Prisma's statements). */
export const SHAPED_STATEMENT = '/* shaped webhook page */';

/**
 * The `webhooks` connection for `where` (the caller's scope and filter), or NOT_SHAPED when the
 * selection or the arguments ask for something only the generic path answers.
 */
export function webhookPage(
  ctx: Context,
  args: Record<string, unknown>,
  where: Prisma.WebhookWhereInput,
  info: GraphQLResolveInfo,
): Promise<unknown> | typeof NOT_SHAPED {
  helpers ??= connectionHelpers();
  let text: string;
  let params: Params;
  let decodeRow: RowDecoder = () => ({});
  let take: number;
  try {
    const query = pageQuery(helpers.webhooks, args);
    take = query.take;
    if (query.take <= 0 || (query.cursor && !UUID.test(query.cursor.id))) return NOT_SHAPED;
    const cx = new Compiler(info);
    params = cx.params;
    const w = 'w';
    const { totalCount, rows, pageInfo, nodes } = cx.connection('WebhookConnection', 'WebhookEdge', info.fieldNodes);
    if (!totalCount && !rows) return NOT_SHAPED; // `{ __typename }` alone: nothing to read
    // The count and the page are separate subqueries: both name their table `w`, and share one
    // condition and its parameters (a parameter no statement uses cannot be typed).
    const cond = whereSql({ alias: w, ...WEBHOOK_COLUMNS }, where, params);
    const total = totalCount ? `(SELECT count(*)::int FROM "Webhook" ${w} WHERE ${cond})` : 'NULL';
    let rowsSql = `'[]'::json`;
    if (rows) {
      const row = cx.webhook(w, nodes);
      decodeRow = row.decode;
      // Prisma's cursor: from the cursor row's id (looked up without the filter), skipping one.
      const from = query.cursor ? ` AND ${w}."id" >= (SELECT k."id" FROM "Webhook" k WHERE k."id" = ${params.add(query.cursor.id)}::uuid)` : '';
      rowsSql = `array_to_json(ARRAY(SELECT ${row.sql} FROM "Webhook" ${w} WHERE ${cond}${from} ORDER BY ${w}."id" LIMIT ${limit(query.take, pageInfo)} OFFSET ${query.skip}))`;
    }
    text = `${SHAPED_STATEMENT} SELECT ${total} AS total, ${rowsSql} AS rows`;
  } catch (err) {
    // A selection or where-input this statement does not cover, or invalid paging arguments (the
    // generic path raises the very same error for those).
    if (err instanceof NotShaped || err instanceof UnsupportedWhere || err instanceof PothosValidationError) return NOT_SHAPED;
    throw err;
  }
  return ctx.sql.queryText<PageRow>(text, params.values).then(([page]) => connectionOf(page!.rows.map(decodeRow), args, take, undefined, page!.total));
}
