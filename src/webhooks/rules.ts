// The rules every webhook obeys, from all five seed models, in one place. Pure functions: they
// report into a FieldErrors collector so that one response lists every problem with its path.
// Lookups that need the database (known events, unique names, owned ids) live in service.ts.
import type { FieldErrors } from '../errors.ts';
import { isUrlAllowedScheme, type OutboundAllowList } from '../delivery/outbound.ts';
import { validateTemplate } from '../delivery/template.ts';
import { jsonDepthMessage, jsonTextTooDeepAt, type JsonLimits } from '../input.ts';

export const LIMITS = {
  urls: 10,
  urlLength: 2048,
  events: 100,
  nameLength: 100,
  descriptionLength: 1000,
  headers: 20,
  headerNameLength: 100,
  headerValueLength: 1024,
  bodyTemplateLength: 64 * 1024,
} as const;

/**
 * Headers Hookgate sets itself or that would break HTTP framing: a webhook may not override them.
 * `authorization` is reserved only when an OAuth credential supplies it.
 */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
  'user-agent',
]);

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * Kognitiv asks for a whitelist of header value characters: printable ASCII without the
 * characters that invite quoting or injection trouble (", \, <, >, `), plus {{ }} placeholders.
 */
const HEADER_VALUE = /^[A-Za-z0-9 \-_.~!#$%&'()*+,/:;=?@[\]{}|^]*$/;

// What reads as a space: whitespace, Unicode space separators (Zs: U+00A0, U+3000...) and
// invisible format characters (Cf: U+200B, U+FEFF, U+2060...). trim() misses the Cf ones, and
// two names differing only by them look identical in every list.
const SPACE_LIKE = /[\s\p{Zs}\p{Cf}]/gu;
const SPACE_AT_AN_END = /^[\s\p{Zs}\p{Cf}]|[\s\p{Zs}\p{Cf}]$/u;

export function checkName(errors: FieldErrors, path: (string | number)[], name: string | null | undefined, required: boolean): void {
  if (name === undefined || name === null) {
    if (required) errors.add(path, 'Name is required');
    return;
  }
  if (name.replace(SPACE_LIKE, '').length === 0) errors.add(path, 'Name must not be empty');
  else if (SPACE_AT_AN_END.test(name)) errors.add(path, 'Name must not have leading or trailing spaces');
  else if (name.length > LIMITS.nameLength) errors.add(path, `Name must be at most ${LIMITS.nameLength} characters`);
  else if (/[\u0000-\u001f\u007f]/.test(name)) errors.add(path, 'Name must not contain control characters');
}

export function checkDescription(errors: FieldErrors, path: (string | number)[], value: string | null | undefined): void {
  if (value && value.length > LIMITS.descriptionLength) {
    errors.add(path, `Description must be at most ${LIMITS.descriptionLength} characters`);
  }
}

/** One target URL. Placeholders are allowed (Kognitiv); the scheme is always checked. */
export function checkUrl(errors: FieldErrors, path: (string | number)[], url: string, allow: OutboundAllowList): void {
  if (url.length > LIMITS.urlLength) return errors.add(path, `URL must be at most ${LIMITS.urlLength} characters`);
  if (url !== url.trim() || /\s/.test(url)) return errors.add(path, 'URL must not contain spaces');
  if (url.includes('{{')) {
    const problem = validateTemplate(url, 'url');
    if (problem) return errors.add(path, problem);
  }
  // Placeholders are filled at delivery time; validate the URL with them replaced by a sample value.
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\{\{[^}]*\}\}/g, 'x'));
  } catch {
    return errors.add(path, 'URL is not a valid absolute URL');
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isUrlAllowedScheme(parsed, allow))) {
    return errors.add(path, 'URL must use HTTPS (plain http is allowed only for hosts on the outbound allow-list, HOOKGATE_OUTBOUND_ALLOW)');
  }
  if (parsed.username || parsed.password) errors.add(path, 'URL must not contain credentials; use headers or an OAuth credential');
  if (parsed.hash) errors.add(path, 'URL must not contain a fragment');
}

export function checkUrls(errors: FieldErrors, path: (string | number)[], urls: readonly string[], allow: OutboundAllowList): void {
  if (urls.length === 0) return errors.add(path, 'At least one URL is required');
  if (urls.length > LIMITS.urls) return errors.add(path, `At most ${LIMITS.urls} URLs are allowed`);
  const seen = new Set<string>();
  urls.forEach((url, i) => {
    checkUrl(errors, [...path, i], url, allow);
    if (seen.has(url)) errors.add([...path, i], 'Duplicate URL');
    seen.add(url);
  });
}

export interface HeaderInput {
  name: string;
  value: string;
}

/** Trims (Kognitiv: "values for keys or values are always trimmed before save") and checks. */
export function normalizeHeaders(
  errors: FieldErrors,
  path: (string | number)[],
  headers: readonly HeaderInput[],
  opts: { hasOAuth: boolean },
): HeaderInput[] {
  if (headers.length > LIMITS.headers) {
    errors.add(path, `At most ${LIMITS.headers} headers are allowed`);
    return [];
  }
  const seen = new Map<string, number>();
  return headers.map((h, i) => {
    const name = h.name.trim();
    const value = h.value.trim();
    const at = [...path, i];
    const lower = name.toLowerCase();
    if (name.length === 0) errors.add([...at, 'name'], 'Header name is required');
    else if (/[\r\n]/.test(h.name)) errors.add([...at, 'name'], 'Header name must not contain CR or LF');
    else if (!HEADER_NAME.test(name)) errors.add([...at, 'name'], 'Header name may contain only letters, digits and !#$%&\'*+-.^_`|~');
    else if (name.length > LIMITS.headerNameLength) errors.add([...at, 'name'], `Header name must be at most ${LIMITS.headerNameLength} characters`);
    else if (RESERVED_HEADERS.has(lower) || lower.startsWith('webhook-')) errors.add([...at, 'name'], `Header ${name} is reserved and set by Hookgate`);
    else if (lower === 'authorization' && opts.hasOAuth) errors.add([...at, 'name'], 'Authorization is set by the OAuth credential');
    else if (seen.has(lower)) errors.add([...at, 'name'], `Duplicate header ${name} (header names are case-insensitive)`);
    seen.set(lower, i);
    if (/[\r\n]/.test(h.value)) errors.add([...at, 'value'], 'Header value must not contain CR or LF');
    else if (value.length > LIMITS.headerValueLength) errors.add([...at, 'value'], `Header value must be at most ${LIMITS.headerValueLength} characters`);
    else if (!HEADER_VALUE.test(value)) errors.add([...at, 'value'], 'Header value contains a character outside the allowed set (printable ASCII except " \\ < > `)');
    else if (value.includes('{{')) {
      const problem = validateTemplate(value, 'header');
      if (problem) errors.add([...at, 'value'], problem);
    }
    return { name, value };
  });
}

export function checkBodyTemplate(errors: FieldErrors, path: (string | number)[], template: string | null | undefined, limits: JsonLimits): void {
  if (template === null || template === undefined) return;
  if (template.length > LIMITS.bodyTemplateLength) return errors.add(path, `Body template must be at most ${LIMITS.bodyTemplateLength} characters`);
  const deepAt = jsonTextTooDeepAt(template, limits.jsonMaxDepth);
  if (deepAt !== -1) return errors.add(path, `${jsonDepthMessage(limits.jsonMaxDepth)} at position ${deepAt}`);
  const problem = validateTemplate(template, 'json');
  if (problem) errors.add(path, problem);
}

/** Checks shape only; whether each name is in the tenant's catalog is service.ts's job. */
export function checkEventList(errors: FieldErrors, path: (string | number)[], events: readonly string[], hasGroup: boolean): void {
  if (events.length === 0 && !hasGroup) return errors.add(path, 'At least one event type is required');
  if (events.length > LIMITS.events) return errors.add(path, `At most ${LIMITS.events} event types are allowed`);
  const seen = new Set<string>();
  events.forEach((e, i) => {
    if (seen.has(e)) errors.add([...path, i], `Duplicate event type ${e}`);
    seen.add(e);
  });
}
