// How the REST dialects name Hookgate's things: webhooks by their public id (wh_…, the same id
// GraphQL shows, so one row is managed through every door), applications by their externalId
// (K42 publisher_id, Partner shopId, Kadosei applicationId) or by their public id (app_…).
import { NotFoundError } from '../../errors.ts';
import { HttpError } from './rest.ts';
import type { Application, PrismaClient } from '../../generated/prisma/client.ts';
import { encodeId, parseId } from '../../ids.ts';
import type { Scope } from '../../auth/scope.ts';
import { ensureApplication, findApplication, findApplicationByExternalId } from '../../webhooks/resources.ts';

/** The row id behind a public webhook id; anything else is an unknown webhook. */
export function webhookRowId(publicId: string): string {
  const id = parseId(publicId, 'Webhook');
  if (!id) throw new NotFoundError('Webhook', publicId);
  return id;
}

export const webhookPublicId = (rowId: string): string => encodeId('Webhook', rowId);

/** An application named by a client (public id or externalId), or null when the tenant has none. */
export async function findApplicationRef(prisma: PrismaClient, scope: Scope, ref: string): Promise<Application | null> {
  const id = parseId(ref, 'Application');
  const byId = id ? await findApplication(prisma, scope, id) : null;
  return byId ?? findApplicationByExternalId(prisma, scope, ref);
}

/** Like findApplicationRef, but an unknown externalId is created for the tenant (K42, Partner). */
export async function ensureApplicationRef(prisma: PrismaClient, scope: Scope, ref: string): Promise<Application> {
  return (await findApplicationRef(prisma, scope, ref)) ?? ensureApplication(prisma, scope, ref);
}

/** How a dialect shows an application: the caller's own id when it has one, else the public id. */
export function applicationRef(app: { id: string; externalId: string | null } | null): string | null {
  if (!app) return null;
  return app.externalId ?? encodeId('Application', app.id);
}

/** Keyset paging: the row id a client's cursor (the last webhook id it saw) continues after. */
export function cursorAfter(cursor: string | undefined, hint: string): string | null {
  if (cursor === undefined) return null;
  const id = parseId(cursor, 'Webhook');
  if (!id) throw new HttpError(400, 'Unknown cursor', [{ path: ['cursor'], message: hint }]);
  return id;
}

/** A page from `limit + 1` rows: the page, whether more follow, and the cursor for the next. */
export function cursorPage<T extends { id: string }>(rows: T[], limit: number): { page: T[]; more: boolean; next: string | null } {
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  return { page, more, next: more ? webhookPublicId(page.at(-1)!.id) : null };
}
