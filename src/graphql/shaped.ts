// Shaped rows: a list answered by one hand-written statement whose rows arrive already in the shape
// the response needs (src/graphql/webhookPage.ts), resolved without the Prisma plugin's per-field
// work. On a page of 50 webhooks that work (the selection mapper's loader mappings per field per
// row, Prisma's result mapping) was most of the request's CPU.
//
// A shaped row is a plain object marked with SHAPED. Its scalar fields are the columns the field's
// own resolver reads (so `url`, `secretFingerprint` or a node's `id` keep their one definition);
// its relations sit under RELATION + the response key (an alias asks its own arguments), already
// resolved: a row, a list of rows, or a connection. This plugin, first in the builder's list, is
// the outermost wrapper of every field of the shaped types: for a shaped parent it calls the
// field's own resolver (or hands the relation over) and skips the other plugins' wrappers, which
// on these types only plan and load what the statement already loaded. Those fields must not carry
// auth scopes: the build fails if one does.
//
// A field opts in to answering with shaped rows through `extensions: { [SHAPED_RESOLVE]: fn }`:
// fn returns the field's value, or NOT_SHAPED to let the field's own (generic) resolver answer.
import SchemaBuilder, { BasePlugin, PothosSchemaError, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';

export const SHAPED = '$shaped';
/** Prefix of a relation's key in a shaped row; `@` cannot start a GraphQL name or a column. */
export const RELATION = '@';
export const SHAPED_RESOLVE = 'hookgateShapedResolve';
export const NOT_SHAPED: unique symbol = Symbol('not shaped');

/**
 * Types whose rows the shaped statements produce: which of their fields are relations, and
 * whether the type is a Relay node whose global id comes from its `id` column (prismaNode with
 * `id: { field: 'id' }`).
 */
export const SHAPED_TYPES: ReadonlyMap<string, { relations: ReadonlySet<string>; node: boolean }> = new Map([
  ['Webhook', { relations: new Set(['headers', 'application', 'deliveries']), node: true }],
  ['WebhookHeader', { relations: new Set<string>(), node: false }],
  ['Application', { relations: new Set<string>(), node: true }],
  ['Delivery', { relations: new Set<string>(), node: true }],
]);

export type ShapedResolve = (parent: unknown, args: Record<string, unknown>, ctx: unknown, info: Parameters<GraphQLFieldResolver<unknown, unknown>>[3]) => unknown;

type Row = Record<string, unknown>;
const isShaped = (parent: unknown): parent is Row => (parent as Row | null)?.[SHAPED] === true;

const pluginName = 'shapedRows';

export class ShapedRowsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const shapedResolve = fieldConfig.extensions?.[SHAPED_RESOLVE] as ShapedResolve | undefined;
    if (shapedResolve) {
      return (parent, args, ctx, info) => {
        const value = shapedResolve(parent, args as Record<string, unknown>, ctx, info);
        return value === NOT_SHAPED ? resolver(parent, args, ctx, info) : value;
      };
    }
    const shape = SHAPED_TYPES.get(fieldConfig.parentType);
    if (!shape) return resolver;
    const { relations } = shape;
    if ((fieldConfig.pothosOptions as { authScopes?: unknown }).authScopes) {
      throw new PothosSchemaError(`${fieldConfig.parentType}.${fieldConfig.name}: shaped rows skip auth scopes, so a field of a shaped type may not have any`);
    }
    const relay = this.builder.options.relay;
    if (shape.node && fieldConfig.name === (relay?.idFieldName ?? 'id')) {
      // The node id, as the relay plugin's globalID field makes it (the type's name and
      // String(id) through encodeGlobalID), but synchronously: that field's resolver is async, so
      // each node of a page (150 of them in a page of 50 webhooks) made its object, its list and
      // every parent up to the page wait for a promise.
      const typename = fieldConfig.parentType;
      const encode = relay?.encodeGlobalID ?? ((name: string, id: string | number | bigint) => encodeGlobalID(name, id));
      return (parent, args, ctx, info) => (isShaped(parent) ? encode(typename, String(parent.id), ctx) : resolver(parent, args, ctx, info));
    }
    if (relations.has(fieldConfig.name)) {
      return (parent, args, ctx, info) => (isShaped(parent) ? parent[RELATION + info.path.key] : resolver(parent, args, ctx, info));
    }
    // The field's own resolver, before any plugin wrapped it (an exposed field has none).
    const own = (fieldConfig.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Types['Context'], object>;
    return (parent, args, ctx, info) => (isShaped(parent) ? own(parent, args, ctx, info) : resolver(parent, args, ctx, info));
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      shapedRows: ShapedRowsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, ShapedRowsPlugin);

export default pluginName;
