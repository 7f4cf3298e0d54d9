// Small typed helpers over the shared documents: narrow mutation unions, create fixtures.
import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { CreateApplicationDoc, CreateOAuthCredentialDoc, CreateWebhookDoc } from '../documents.ts';
import type { CreateApplicationInput, CreateOAuthCredentialInput, CreateWebhookInput } from '../gql/graphql.ts';

/** Asserts a union result's __typename (printing the whole value when it differs) and narrows it. */
export function as<T extends { __typename: string }, N extends T['__typename']>(value: T, typename: N): Extract<T, { __typename: N }> {
  expect(value.__typename, JSON.stringify(value)).toBe(typename);
  return value as Extract<T, { __typename: N }>;
}

/** The paths of a ValidationError's fieldErrors. */
export function errorPaths(value: { __typename: string }): string[][] {
  const v = as(value as { __typename: 'ValidationError'; fieldErrors: Array<{ path: string[] }> }, 'ValidationError');
  return v.fieldErrors.map((e) => e.path);
}

/** Asserts the GraphQL call succeeded at the transport level and returns its data. */
export function ok<R>(res: { status: number; data: R; errors?: unknown[] }): R {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.status).toBe(200);
  return res.data;
}

export async function createApplication(t: TestApp, tenant: string, input: CreateApplicationInput) {
  const data = ok(await t.gql(CreateApplicationDoc, { input }, { tenant }));
  return as(data.createApplication, 'CreateApplicationPayload').application;
}

export async function createWebhook(t: TestApp, tenant: string, input: CreateWebhookInput) {
  const data = ok(await t.gql(CreateWebhookDoc, { input }, { tenant }));
  return as(data.createWebhook, 'CreateWebhookPayload');
}

/** A createWebhook that is expected to fail: returns the error member of the union. */
export async function createWebhookResult(t: TestApp, tenant: string, input: CreateWebhookInput) {
  return ok(await t.gql(CreateWebhookDoc, { input }, { tenant })).createWebhook;
}

export async function createOAuthCredential(t: TestApp, tenant: string, input: CreateOAuthCredentialInput) {
  const data = ok(await t.gql(CreateOAuthCredentialDoc, { input }, { tenant }));
  return as(data.createOAuthCredential, 'CreateOAuthCredentialPayload').oauthCredential;
}
