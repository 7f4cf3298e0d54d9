// Public ids: a short type prefix and the row's UUID without dashes (wh_0192f0c8...), in the style
// of Stripe and Svix. They are readable in logs, tell their type at a glance, and the event id is
// the very string sent as the `webhook-id` header, so receivers can look events up by it.

const PREFIX_BY_TYPE: Record<string, string> = {
  Application: 'app',
  Webhook: 'wh',
  EventType: 'et',
  OAuthCredential: 'oac',
  Event: 'evt',
  Delivery: 'dlv',
  DeliveryAttempt: 'att',
};
const TYPE_BY_PREFIX = new Map(Object.entries(PREFIX_BY_TYPE).map(([type, prefix]) => [prefix, type]));
/** Matches no row: used where a malformed id must find nothing rather than fail. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function encodeId(typename: string, uuid: string): string {
  const prefix = PREFIX_BY_TYPE[typename];
  if (!prefix) throw new Error(`No public id prefix for type ${typename}`);
  return `${prefix}_${uuid.replaceAll('-', '')}`;
}

/** Decodes any public id; malformed ids decode to a type/uuid that matches no row. */
export function decodeId(globalId: string): { typename: string; id: string } {
  const match = /^([a-z]+)_([0-9a-f]{32})$/.exec(globalId);
  const typename = match ? TYPE_BY_PREFIX.get(match[1]!) : undefined;
  if (!match || !typename) return { typename: 'Invalid', id: NIL_UUID };
  const h = match[2]!;
  return { typename, id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
}

/** Whether a decoded typename names a node type (decodeId gives "Invalid" for malformed ids). */
export function isNodeTypename(typename: string): boolean {
  return Object.hasOwn(PREFIX_BY_TYPE, typename);
}

/** The row id behind a public id of the expected type, or null (unknown ids are not errors). */
export function parseId(globalId: string, typename: string): string | null {
  const decoded = decodeId(globalId);
  return decoded.typename === typename ? decoded.id : null;
}
