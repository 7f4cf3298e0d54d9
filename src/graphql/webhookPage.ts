// `webhooks` answered by one statement that returns the page already shaped (json_build_object /
// json_agg, PostgreSQL and PGlite alike), built from the GraphQL selection: only the asked columns
// and relations. Prisma's result mapping and the Prisma plugin's per-row selection mapping were
// most of the CPU of a page of 50 webhooks (BENCHMARKS.md, "Issue 10, session 4").
//
// What it covers: first/after paging, the filter, totalCount and pageInfo, the webhook's columns
// and fingerprint, its headers, application and `deliveries(first, status)` with the delivery's
// columns. Anything else in the selection (a relation further down, `last`/`before`, a cursor
// that does not parse) answers NOT_SHAPED and the field's Prisma resolver answers as before: the
// generic path stays the reference, and test/webhook-page.test.ts compares the two.
//
// Same semantics as the generic path: the rows are those of the caller's where-input (scope and
// filter, translated by src/db/where.ts), paging and cursors are Pothos' own helpers
// (prismaConnectionHelpers), and a cursor finds its row as Prisma's does (`id >= the cursor row's
// id`, then skip it), even when that row is outside the filter.
import { getArgumentValues, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields.js';
import { PothosValidationError } from '@pothos/core';
import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
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
/** Columns that are not columns of the table: the SQL of each, given the row's alias. */
const COMPUTED: Record<string, (alias: string) => string> = {
  secrets: (w) =>
    `COALESCE((SELECT json_agg(json_build_object('last4', s."last4")) FROM (SELECT "last4" FROM "WebhookSecret" s WHERE s."webhookId" = ${w}."id" AND s."expiresAt" IS NULL LIMIT 1) s), '[]'::json)`,
};
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

// json_build_object takes at most 100 arguments.
const MAX_PAIRS = 50;

type Helpers = ReturnType<typeof connectionHelpers>;
let helpers: Helpers | undefined;
function connectionHelpers() {
  return {
    webhooks: prismaConnectionHelpers(builder, 'Webhook', { cursor: 'id', ...WEBHOOK_PAGE }),
    deliveries: prismaConnectionHelpers(builder, 'Delivery', { cursor: 'id' }),
  };
}

/** A connection relation to finish in JS once the rows are in: cursors and pageInfo. */
interface Finish {
  key: string;
  args: Record<string, unknown>;
}

class Compiler {
  readonly params = new Params();
  readonly finishes: Finish[] = [];
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

  /** json_build_object of a shaped row of `alias`: its columns, then its relations. */
  row(
    typeName: string,
    alias: string,
    fields: Record<string, readonly string[]>,
    nodes: readonly FieldNode[],
    relation: (field: string, key: string, nodes: readonly FieldNode[]) => string | null,
  ): string {
    const columns = new Set<string>(['id']);
    const pairs: string[] = [`'${SHAPED}', true`];
    for (const [key, fieldNodes] of this.sub(this.objectType(typeName), nodes)) {
      const field = fieldNodes[0]!.name.value;
      if (field === '__typename') continue;
      const cols = fields[field];
      if (cols) {
        for (const c of cols) columns.add(c);
        continue;
      }
      const expr = relation(field, key, fieldNodes);
      if (expr === null) throw new NotShaped();
      pairs.push(`'${RELATION}${key}', ${expr}`);
    }
    for (const c of columns) pairs.push(`'${c}', ${COMPUTED[c]?.(alias) ?? `${alias}."${c}"`}`);
    if (pairs.length > MAX_PAIRS) throw new NotShaped();
    return `json_build_object(${pairs.join(', ')})`;
  }

  webhook(w: string, nodes: readonly FieldNode[]): string {
    const type = this.objectType('Webhook');
    return this.row('Webhook', w, WEBHOOK_FIELDS, nodes, (field, key, fieldNodes) => {
      switch (field) {
        case 'headers': {
          const h = this.alias();
          const row = this.row('WebhookHeader', h, HEADER_FIELDS, fieldNodes, () => null);
          return `COALESCE((SELECT json_agg(${row} ORDER BY ${h}."position") FROM "WebhookHeader" ${h} WHERE ${h}."webhookId" = ${w}."id"), '[]'::json)`;
        }
        case 'application': {
          const a = this.alias();
          const row = this.row('Application', a, APPLICATION_FIELDS, fieldNodes, () => null);
          return `(SELECT ${row} FROM "Application" ${a} WHERE ${a}."id" = ${w}."applicationId")`;
        }
        case 'deliveries':
          return this.deliveries(w, key, this.args(type, fieldNodes[0]!), fieldNodes);
        default:
          return null;
      }
    });
  }

  /** `deliveries(first, status)`, newest first, as {rows, total}; finished into a connection. */
  deliveries(w: string, key: string, args: Record<string, unknown>, nodes: readonly FieldNode[]): string {
    const query = pageQuery(helpers!.deliveries, args);
    if (query.cursor || query.take <= 0) throw new NotShaped();
    const d = this.alias();
    let where = `${d}."webhookId" = ${w}."id"`;
    if (args.status != null) where += ` AND ${d}."status" = ${this.params.add(args.status as string)}::"DeliveryStatus"`;
    const { totalCount, rows, nodes: nodeNodes } = this.connection('DeliveryConnection', 'DeliveryEdge', nodes);
    let rowsSql = `'[]'::json`;
    if (rows) {
      const row = nodeNodes.length ? this.row('Delivery', d, DELIVERY_FIELDS, nodeNodes, () => null) : `json_build_object('id', ${d}."id")`;
      const p = this.alias();
      rowsSql = `COALESCE((SELECT json_agg(${p}.j ORDER BY ${p}."id" DESC) FROM (SELECT ${d}."id", ${row} AS j FROM "Delivery" ${d} WHERE ${where} ORDER BY ${d}."id" DESC LIMIT ${query.take}) ${p}), '[]'::json)`;
    }
    const total = totalCount ? `(SELECT count(*)::int FROM "Delivery" ${d} WHERE ${where})` : 'NULL';
    this.finishes.push({ key: RELATION + key, args });
    return `json_build_object('rows', ${rowsSql}, 'total', ${total})`;
  }

  /**
   * What a connection's selection asks: totalCount, rows (edges or pageInfo) and the `node` field
   * nodes. One `edges` at most: two aliases could ask the same relation key with other arguments.
   */
  connection(connectionType: string, edgeType: string, nodes: readonly FieldNode[]): { totalCount: boolean; rows: boolean; nodes: FieldNode[] } {
    const out = { totalCount: false, rows: false, nodes: [] as FieldNode[] };
    let edges = 0;
    for (const [, fieldNodes] of this.sub(this.objectType(connectionType), nodes)) {
      const field = fieldNodes[0]!.name.value;
      if (field === 'totalCount') out.totalCount = true;
      else if (field === 'pageInfo') out.rows = true;
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PageRow {
  total: number | null;
  rows: Array<Record<string, unknown>>;
}

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
  let finishes: Finish[];
  let query: PageQuery;
  try {
    query = pageQuery(helpers.webhooks, args);
    if (query.take <= 0 || (query.cursor && !UUID.test(query.cursor.id))) return NOT_SHAPED;
    const cx = new Compiler(info);
    params = cx.params;
    const w = 'w';
    const { totalCount, rows, nodes } = cx.connection('WebhookConnection', 'WebhookEdge', info.fieldNodes);
    if (!totalCount && !rows) return NOT_SHAPED; // `{ __typename }` alone: nothing to read
    // The count and the page are separate subqueries: both name their table `w`, and share one
    // condition and its parameters (a parameter no statement uses cannot be typed).
    const cond = whereSql({ alias: w, ...WEBHOOK_COLUMNS }, where, params);
    const total = totalCount ? `(SELECT count(*)::int FROM "Webhook" ${w} WHERE ${cond})` : 'NULL';
    let rowsSql = `'[]'::json`;
    if (rows) {
      const row = nodes.length ? cx.webhook(w, nodes) : `json_build_object('id', ${w}."id")`;
      // Prisma's cursor: from the cursor row's id (looked up without the filter), skipping one.
      const from = query.cursor ? ` AND ${w}."id" >= (SELECT k."id" FROM "Webhook" k WHERE k."id" = ${params.add(query.cursor.id)}::uuid)` : '';
      rowsSql = `COALESCE((SELECT json_agg(p.j ORDER BY p."id") FROM (SELECT ${w}."id", ${row} AS j FROM "Webhook" ${w} WHERE ${cond}${from} ORDER BY ${w}."id" LIMIT ${query.take} OFFSET ${query.skip}) p), '[]'::json)`;
    }
    text = `SELECT ${total} AS total, ${rowsSql} AS rows`;
    finishes = cx.finishes;
  } catch (err) {
    // A selection or where-input this statement does not cover, or invalid paging arguments (the
    // generic path raises the very same error for those).
    if (err instanceof NotShaped || err instanceof UnsupportedWhere || err instanceof PothosValidationError) return NOT_SHAPED;
    throw err;
  }
  const h = helpers;
  // The helpers' resolve is typed for full Prisma rows; it reads only the cursor column (id), which
  // every shaped row has. Hence the casts below.
  return ctx.sql.queryText<PageRow>(text, params.values).then(([page]) => {
    const rows = page!.rows;
    for (const row of rows) {
      for (const f of finishes) {
        const rel = row[f.key] as { rows: Array<Record<string, unknown>>; total: number | null };
        const conn = h.deliveries.resolve(rel.rows as never, f.args as never, ctx, row) as unknown as { totalCount: unknown };
        conn.totalCount = rel.total ?? undefined;
        row[f.key] = conn;
      }
    }
    const conn = h.webhooks.resolve(rows as never, args as never, ctx, undefined) as unknown as { totalCount: unknown };
    conn.totalCount = page!.total ?? undefined;
    return conn;
  });
}
