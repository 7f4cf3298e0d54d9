// The shaped webhook page (src/graphql/webhookPage.ts: one statement returning the page already in
// the response's shape) answers exactly what the generic Prisma path answers, through the real
// GraphQL endpoint, on embedded PGlite and on PostgreSQL: every column, nested headers, application
// and deliveries (aliased, with a status filter), paging with cursors (a deleted webhook's cursor
// too), connections without pageInfo (no look-ahead row) at and below the page size, filters,
// portal (`app`) tokens, deleted webhooks, empty pages.
//
// Each query runs twice: as is (the shaped path: one statement, recognizable by its
// SHAPED_STATEMENT marker) and with `oauthCredential` included (a relation the shaped path does
// not cover, so the whole field falls back to the generic path: no such statement). The answers,
// minus oauthCredential, must be equal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createApplication, createWebhook, ok } from './helpers/api.ts';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { SHAPED_STATEMENT } from '../src/graphql/webhookPage.ts';

const PAGE = `
fragment Hook on Webhook {
  __typename id name description url urls events eventGroup method bodyTemplate isActive disabledReason
  secretFingerprint retrySchedule rateLimitPerSecond filter ordering lastTestAt lastTestStatus createdAt updatedAt deletedAt
}
query Page($first: Int, $after: String, $filter: WebhookFilter, $generic: Boolean!, $status: DeliveryStatus, $skipHeaders: Boolean = false) {
  webhooks(first: $first, after: $after, filter: $filter) {
    __typename
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        ...Hook
        ... on Webhook @skip(if: $skipHeaders) { headers { __typename name value } }
        app: application { __typename id name externalId description createdAt updatedAt }
        oauthCredential @include(if: $generic) { id }
        last: deliveries(first: 1) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { __typename id url status attemptCount nextAttemptAt lastError createdAt updatedAt completedAt } }
        }
        failed: deliveries(first: 5, status: $status) { totalCount edges { node { id status } } }
      }
    }
  }
}`;

interface Page {
  webhooks: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ cursor: string; node: Record<string, unknown> & { id: string } }>;
  };
}

type Vars = { first?: number; after?: string | null; filter?: Record<string, unknown>; status?: string; skipHeaders?: boolean };

function suite(name: string, env: () => Promise<{ env: Record<string, string>; close?: () => Promise<void> }>) {
  describe(`shaped webhook page (${name})`, () => {
    let t: TestApp;
    let statements: string[] = [];
    let close: (() => Promise<void>) | undefined;
    let portal: string;
    let deletedId: string;
    const tenant = 'page-tenant';

    beforeAll(async () => {
      const e = await env();
      close = e.close;
      t = await startTestApp({ HOOKGATE_ROLE: 'api', LOG_LEVEL: process.env.PAGE_LOG ?? 'silent', ...e.env }, { onQuery: (sql) => statements.push(sql) });
      const appA = await createApplication(t, tenant, { name: 'App A', externalId: 'ext-a', description: 'first' });
      const appB = await createApplication(t, tenant, { name: 'App B' });
      const ids: string[] = [];
      for (let i = 0; i < 9; i++) {
        const hook = await createWebhook(t, tenant, {
          name: i === 4 ? 'Under_score 100%' : `hook ${i}`,
          description: i % 3 === 0 ? `Desc ${i}` : null,
          applicationId: i % 3 === 0 ? appA.id : i % 3 === 1 ? appB.id : null,
          urls: [`https://example.com/${i}`, ...(i % 2 ? [`https://example.org/${i}`] : [])],
          events: i % 2 ? ['cashback.created', 'cashback.cleared'] : ['cashback.created'],
          headers: i % 4 === 0 ? [] : [{ name: 'X-B', value: `b${i}` }, { name: 'X-A', value: `a${i}` }],
          isActive: i !== 5,
          retrySchedule: i === 2 ? '0s,5s,5m' : null,
          rateLimitPerSecond: i === 3 ? 7 : null,
          filter: i === 6 ? { 'data.amount': { $gt: 10 } } : null,
          ordering: i === 7 ? 'FIFO' : 'UNORDERED',
        });
        ids.push(hook.webhook.id);
      }
      for (let e = 0; e < 3; e++) {
        ok(await t.gql(`mutation ($input: PublishEventInput!) { publishEvent(input: $input) { __typename } }`, { input: { type: 'cashback.cleared', data: { amount: 20 + e } } }, { tenant }));
      }
      // Some deliveries fail, so that the status argument selects a part of them.
      const prisma = t.app.services.prisma;
      const some = await prisma.delivery.findMany({ where: { tenantId: tenant }, select: { id: true }, orderBy: { id: 'asc' } });
      await prisma.delivery.updateMany({ where: { id: { in: some.filter((_, i) => i % 2 === 0).map((d) => d.id) } }, data: { status: 'FAILED', lastError: 'HTTP 500', attemptCount: 3, completedAt: new Date() } });
      deletedId = ids[1]!;
      ok(await t.gql(`mutation ($input: DeleteWebhookInput!) { deleteWebhook(input: $input) { __typename } }`, { input: { id: deletedId } }, { tenant }));
      portal = await t.app.authenticator.issueToken!(tenant, '1h', undefined, appA.id);
    });

    afterAll(async () => {
      await t?.stop();
      await close?.();
    });

    /** Both paths for the same variables; checks which path each took, returns the shaped answer. */
    async function both(vars: Vars, opts: { token?: string; doc?: string } = {}): Promise<Page> {
      const auth = opts.token ? { token: opts.token } : { tenant };
      const doc = opts.doc ?? PAGE;
      // A portal token's application is looked up on its first use: not part of the page.
      ok(await t.gql(`{ __typename }`, {}, auth));
      statements = [];
      const shaped = ok(await t.gql<Page, unknown>(doc, { ...vars, generic: false }, auth));
      const shapedSql = statements;
      statements = [];
      const generic = ok(await t.gql<Page, unknown>(doc, { ...vars, generic: true }, auth));
      const genericSql = statements;
      expect(shapedSql, 'the shaped path: one statement').toHaveLength(1);
      expect(shapedSql[0]).toContain(SHAPED_STATEMENT);
      expect(genericSql.some((s) => s.includes(SHAPED_STATEMENT)), 'the generic path').toBe(false);
      for (const { node } of generic.webhooks.edges) delete node.oauthCredential;
      expect(shaped).toEqual(generic);
      return shaped;
    }

    it('answers a whole page like the generic path, nested relations included', async () => {
      const page = await both({ first: 50, status: 'FAILED' });
      expect(page.webhooks.totalCount).toBe(8);
      expect(page.webhooks.edges).toHaveLength(8);
      const nodes = page.webhooks.edges.map((e) => e.node);
      // Not vacuous: the data the comparison covered has every kind of value in it.
      expect(nodes.some((n) => (n.headers as unknown[] | undefined)?.length === 2)).toBe(true);
      expect(nodes.some((n) => n.app === null) && nodes.some((n) => n.app !== null)).toBe(true);
      expect(nodes.some((n) => (n.last as { edges: unknown[] }).edges.length === 1)).toBe(true);
      expect(nodes.some((n) => (n.failed as { totalCount: number }).totalCount > 0)).toBe(true);
      expect(nodes.some((n) => n.retrySchedule !== null && n.filter !== null)).toBe(false);
      expect(nodes.some((n) => n.retrySchedule !== null)).toBe(true);
      expect(nodes.some((n) => n.filter !== null)).toBe(true);
      await both({ first: 50, status: 'PENDING', skipHeaders: true });
      await both({ first: 50 });
    });

    it('pages with cursors exactly as the generic path, a deleted row as cursor included', async () => {
      let after: string | null = null;
      const seen: string[] = [];
      for (let guard = 0; guard < 10; guard++) {
        const page: Page = await both({ first: 3, after });
        seen.push(...page.webhooks.edges.map((e) => e.node.id));
        if (!page.webhooks.pageInfo.hasNextPage) break;
        after = page.webhooks.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(8);
      // The cursor of a row outside the filter (a deleted webhook), and past the end: empty pages.
      const all = await both({ first: 50, filter: { includeDeleted: true } });
      const deleted = all.webhooks.edges.find((e) => e.node.id === deletedId)!;
      expect(deleted.node.deletedAt).not.toBeNull();
      await both({ first: 2, after: deleted.cursor });
      const lastCursor = all.webhooks.edges.at(-1)!.cursor;
      const empty = await both({ first: 5, after: lastCursor });
      expect(empty.webhooks.edges).toEqual([]);
      await both({ first: 0 });
    });

    it('reads no look-ahead row without pageInfo, and answers the same at the page size boundary', async () => {
      // 8 webhooks, and 3 deliveries for each that has any: first = 8 and first = 3 are exactly
      // what there is, first = 2 and first = 5 less; the cursors are read from the lazy edges.
      const doc = `query NoPageInfo($first: Int, $after: String, $generic: Boolean!) {
        webhooks(first: $first, after: $after) {
          edges { cursor node {
            id createdAt updatedAt lastTestAt
            oauthCredential @include(if: $generic) { id }
            one: deliveries(first: 1) { edges { cursor node { id createdAt completedAt nextAttemptAt } } }
            two: deliveries(first: 2) { edges { node { id } } }
            three: deliveries(first: 3) { totalCount edges { cursor node { id } } }
          } }
        }
      }`;
      for (const first of [2, 5, 8]) {
        const page = await both({ first }, { doc });
        expect(page.webhooks.edges).toHaveLength(Math.min(first, 8));
      }
      statements = [];
      ok(await t.gql(doc, { first: 2, generic: false }, { tenant }));
      expect(statements).toHaveLength(1);
      // The page's 2 rows and one delivery for `one`, not 3 and 2.
      expect(statements[0]).toContain('LIMIT 2 OFFSET 0');
      expect(statements[0]).toContain('LIMIT 1))');
      const all = await both({ first: 8 }, { doc });
      const three = all.webhooks.edges.map((e) => (e.node.three as { edges: unknown[] }).edges.length);
      expect(three.some((n) => n === 3)).toBe(true);
      await both({ first: 3, after: all.webhooks.edges[4]!.cursor }, { doc });
    });

    it('filters exactly as the generic path', async () => {
      const apps = ok(await t.gql<{ applications: { edges: Array<{ node: { id: string } }> } }, unknown>(`{ applications(first: 10) { edges { node { id } } } }`, {}, { tenant }));
      const filters: Array<Record<string, unknown>> = [
        { includeDeleted: true },
        { isActive: false },
        { isActive: true, event: 'cashback.cleared' },
        { search: 'HOOK 1' },
        { search: 'desc' },
        { search: 'under_' },
        { search: '100%' },
        { search: 'a_c' },
        { search: 'https://example.org/3' },
        { search: 'nul\u0000' },
        { applicationId: apps.applications.edges[0]!.node.id },
        { applicationId: 'app_00000000000000000000000000000000' },
        { applicationId: 'not an id' },
        { event: 'nothing.here' },
      ];
      for (const filter of filters) await both({ first: 50, filter });
      const sel = await both({ first: 50, filter: { search: 'under_' } });
      expect(sel.webhooks.edges).toHaveLength(1);
    });

    it('confines a portal (app) token to its application', async () => {
      const page = await both({ first: 50, filter: { includeDeleted: true } }, { token: portal });
      expect(page.webhooks.edges.length).toBeGreaterThan(0);
      expect(page.webhooks.edges.every((e) => (e.node.app as { name: string }).name === 'App A')).toBe(true);
    });

    it('answers an empty tenant, and falls back for what it does not cover', async () => {
      const empty = ok(await t.gql<Page, unknown>(PAGE, { first: 10, generic: false }, { tenant: 'nobody-here' }));
      expect(empty.webhooks).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      statements = [];
      const last = ok(await t.gql<{ webhooks: { edges: unknown[] } }, unknown>(`{ webhooks(last: 2) { edges { node { id } } } }`, {}, { tenant }));
      expect(last.webhooks.edges).toHaveLength(2);
      expect(statements.some((s) => s.includes(SHAPED_STATEMENT))).toBe(false);
      // Only a count: the shaped statement, no row read.
      statements = [];
      const count = ok(await t.gql<{ webhooks: { totalCount: number } }, unknown>(`{ webhooks { totalCount } }`, {}, { tenant }));
      expect(count.webhooks.totalCount).toBe(8);
      expect(statements).toHaveLength(1);
    });
  });
}

suite('PGlite', async () => ({ env: {} }));

suite('PostgreSQL', async () => {
  const db: TestDatabase = await createTestDatabase();
  return { env: { DATABASE_URL: db.url }, close: () => db.drop() };
});
