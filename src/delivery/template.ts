// Personalization placeholders (`{{event.id}}`, `{{data.user.id}}`, ...) filled in at delivery time.
//
// Each output position has its own encoder because the threat differs: in a URL a value must not be
// able to move the request to another host or path, in a header it must not start a new header line,
// and in a JSON body it must not be able to break out of the string or structure it was placed in.

export type TemplateContext = {
  event: { id: string; type: string; time: string };
  webhook: { id: string; name: string | null };
  application: { id: string; name: string } | null;
  data: unknown;
};

/** Where a template is used; selects the extra checks `validateTemplate` performs. */
export type TemplateKind = 'url' | 'header' | 'json';

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly code = 'TEMPLATE_ERROR';
}

type Token =
  | { kind: 'text'; text: string; index: number }
  | { kind: 'placeholder'; path: string; raw: string; index: number };

// No braces inside so that `{{{x}}}` and `{"a": {{x}}}` resolve to the innermost `{{x}}`.
const PLACEHOLDER_RE = /\{\{([^{}]*)\}\}/g;
const SEGMENT_RE = /^[A-Za-z0-9_-]+$/;
const FIXED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  event: ['id', 'type', 'time'],
  webhook: ['id', 'name'],
  application: ['id', 'name'],
};
const ROOTS = ['event', 'webhook', 'application', 'data'] as const;

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER_RE)) {
    const index = m.index;
    if (index > last) tokens.push({ kind: 'text', text: template.slice(last, index), index: last });
    tokens.push({ kind: 'placeholder', path: (m[1] ?? '').trim(), raw: m[0], index });
    last = index + m[0].length;
  }
  if (last < template.length) tokens.push({ kind: 'text', text: template.slice(last), index: last });
  return tokens;
}

/** Returns a message when `path` is not one the context can ever provide, else null. */
function checkPath(path: string): string | null {
  if (path === '') return 'empty placeholder {{}}';
  const segments = path.split('.');
  if (!segments.every((s) => SEGMENT_RE.test(s))) {
    return `invalid placeholder {{${path}}}: use dot-separated names or array indices, e.g. {{data.items.0.sku}}`;
  }
  const [root, ...rest] = segments;
  if (root === 'data') return null;
  const fields = root === undefined ? undefined : FIXED_FIELDS[root];
  if (fields === undefined) {
    return `unknown placeholder {{${path}}}: the path must start with one of ${ROOTS.join(', ')}`;
  }
  if (rest.length !== 1 || !fields.includes(rest[0] ?? '')) {
    return `unknown placeholder {{${path}}}: available are ${fields.map((f) => `${root}.${f}`).join(', ')}`;
  }
  return null;
}

/**
 * Resolves a path against the context. Only own properties are followed so that a path like
 * `data.constructor` or `data.__proto__` cannot reach into prototypes.
 */
function resolve(path: string, ctx: TemplateContext): unknown {
  if (checkPath(path) !== null) return undefined;
  const [root, ...rest] = path.split('.');
  let current: unknown =
    root === 'event' ? ctx.event : root === 'webhook' ? ctx.webhook : root === 'application' ? ctx.application : ctx.data;
  for (const segment of rest) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Compact JSON that never throws on bigint and maps "no JSON representation" to `null`. */
function toJson(value: unknown): string {
  try {
    const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return json ?? 'null';
  } catch (err) {
    // Only reachable for payloads that did not come from JSON (e.g. a cycle); fail the render loudly.
    throw new TemplateError(`value cannot be rendered as JSON: ${(err as Error).message}`);
  }
}

/** The value as plain text: strings verbatim, scalars via String, objects as compact JSON. */
function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') return toJson(value);
  return '';
}

// encodeURIComponent throws URIError on lone surrogates; a hostile payload must not crash delivery.
function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Placeholder paths in order of first appearance, without duplicates. */
export function listPlaceholders(template: string): string[] {
  const seen = new Set<string>();
  for (const token of tokenize(template)) {
    if (token.kind === 'placeholder') seen.add(token.path);
  }
  return [...seen];
}

const EMPTY_CONTEXT: TemplateContext = {
  event: { id: '', type: '', time: '' },
  webhook: { id: '', name: null },
  application: null,
  data: null,
};

/**
 * Returns a human-readable problem with the template, or null when it is usable.
 *
 * Checks: every `{{` is closed, no stray `}}` (braces are counted outside JSON string literals so
 * that a JSON body like `{"a":{"b":1}}` is not mistaken for one), every placeholder names a known
 * path. With `kind`, also checks what only makes sense for that position: 'url' rejects
 * placeholders in the scheme/host and URLs that do not parse, 'json' rejects bodies that are not
 * valid JSON once placeholders are filled.
 */
export function validateTemplate(template: string, kind?: TemplateKind): string | null {
  const tokens = tokenize(template);
  let inString = false;
  let escaped = false;
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'placeholder') {
      const problem = checkPath(token.path);
      if (problem !== null) return `${problem} (at position ${token.index})`;
      continue;
    }
    const { text } = token;
    const open = text.indexOf('{{');
    if (open !== -1) return `unclosed '{{' at position ${token.index + open}`;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      const pos = token.index + i;
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        else if (ch === '}' && text[i + 1] === '}') return `unexpected '}}' without '{{' at position ${pos}`;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}') {
        depth--;
        if (depth < 0) {
          if (text[i + 1] === '}' || text[i - 1] === '}') return `unexpected '}}' without '{{' at position ${pos}`;
          // A single stray `}` is not placeholder syntax; leave it to the position-specific checks.
          depth = 0;
        }
      }
    }
  }
  try {
    if (kind === 'url') renderUrl(template, EMPTY_CONTEXT);
    else if (kind === 'json') renderJson(template, EMPTY_CONTEXT, true);
  } catch (err) {
    if (err instanceof TemplateError) return err.message;
    throw err;
  }
  return null;
}

const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function isDotSegment(segment: string): boolean {
  // The WHATWG URL parser treats %2e as '.', so both spellings remove or pop a segment.
  const s = segment.toLowerCase().replaceAll('%2e', '.');
  return s === '.' || s === '..';
}

function pathSegments(url: string, authorityEnd: number): string[] {
  const rest = url.slice(authorityEnd);
  const end = rest.search(/[?#]/);
  return (end === -1 ? rest : rest.slice(0, end)).split(/[/\\]/);
}

/**
 * Renders a URL. Values are percent-encoded with encodeURIComponent so they cannot add `/`, `?`,
 * `#`, `@` or `:`; placeholders are refused before the end of the host, and a value that would
 * form a `.`/`..` path segment is refused because URL normalization would drop or pop a segment.
 */
export function renderUrl(template: string, ctx: TemplateContext): string {
  // The URL parser ignores surrounding whitespace; trimming first keeps our offsets aligned with it.
  const trimmed = template.trim();
  const tokens = tokenize(trimmed);
  const scheme = SCHEME_RE.exec(trimmed);
  if (scheme === null) throw new TemplateError('URL template must start with a literal scheme such as https://');
  let authorityStart = scheme[0].length;
  while (trimmed[authorityStart] === '/' || trimmed[authorityStart] === '\\') authorityStart++;
  const afterAuthority = trimmed.slice(authorityStart).search(/[/\\?#]/);
  const authorityEnd = afterAuthority === -1 ? trimmed.length : authorityStart + afterAuthority;
  for (const token of tokens) {
    if (token.kind === 'placeholder' && token.index < authorityEnd) {
      throw new TemplateError(`placeholder ${token.raw} is not allowed in the URL scheme or host`);
    }
  }

  let rendered = '';
  let probe = '';
  for (const token of tokens) {
    if (token.kind === 'text') {
      rendered += token.text;
      probe += token.text;
    } else {
      rendered += encodeURIComponent(toWellFormed(toText(resolve(token.path, ctx))));
      probe += 'x';
    }
  }
  // Values contain no '/' after encoding, so segment i of both renderings comes from the same
  // template segment; a dot segment only in `rendered` was produced by a value.
  const actual = pathSegments(rendered, authorityEnd);
  const expected = pathSegments(probe, authorityEnd);
  actual.forEach((segment, i) => {
    if (isDotSegment(segment) && !isDotSegment(expected[i] ?? '')) {
      throw new TemplateError(`a placeholder value renders the URL path segment '${segment}'`);
    }
  });

  try {
    return new URL(rendered).href;
  } catch {
    throw new TemplateError('rendered URL is not a valid URL');
  }
}

// C0 controls (includes CR, LF, NUL, TAB), DEL and C1 controls.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/g;
const NON_ASCII_RE = /[^\u0000-\u007f]+/g;

/**
 * Renders a header value that is always a single line of printable ASCII. Control characters are
 * removed (so no `\r\n`-injected header), and non-ASCII text is percent-encoded as UTF-8 because HTTP
 * field values are effectively ASCII: undici rejects code points above U+00FF and sends U+0080–U+00FF
 * as Latin-1 bytes, which receivers decoding UTF-8 would misread.
 */
export function renderHeaderValue(template: string, ctx: TemplateContext): string {
  let out = '';
  for (const token of tokenize(template)) {
    out += token.kind === 'text' ? token.text : toText(resolve(token.path, ctx));
  }
  return toWellFormed(out)
    .replace(CONTROL_RE, '')
    .replace(NON_ASCII_RE, (s) => encodeURIComponent(s))
    .trim();
}

/**
 * Renders a JSON body. The template is scanned with JSON string-literal rules so each placeholder
 * knows whether it sits inside a string: there the value is inserted JSON-escaped without quotes
 * (objects as escaped compact JSON, missing as ''), elsewhere as a JSON value (missing as null).
 * The result is parsed once to reject templates that were not valid JSON to begin with.
 */
export function renderJsonBody(template: string, ctx: TemplateContext): string {
  return renderJson(template, ctx, false);
}

function renderJson(template: string, ctx: TemplateContext, explainParseError: boolean): string {
  let inString = false;
  let escaped = false;
  let out = '';
  for (const token of tokenize(template)) {
    if (token.kind === 'text') {
      for (const ch of token.text) {
        if (inString) {
          if (escaped) escaped = false;
          else if (ch === '\\') escaped = true;
          else if (ch === '"') inString = false;
        } else if (ch === '"') {
          inString = true;
        }
      }
      out += token.text;
      continue;
    }
    const value = resolve(token.path, ctx);
    if (!inString) {
      out += toJson(value);
    } else if (escaped) {
      // The value's first character would complete the template's dangling backslash escape.
      throw new TemplateError(`placeholder ${token.raw} directly follows a backslash inside a JSON string`);
    } else {
      out += JSON.stringify(toText(value)).slice(1, -1);
    }
  }
  try {
    JSON.parse(out);
  } catch (err) {
    // V8's parse message quotes the input, which at delivery time contains payload values; only
    // validation (run on an empty context) may show it.
    const detail = explainParseError ? `: ${(err as Error).message}` : '';
    throw new TemplateError(`body template does not produce valid JSON${detail}`);
  }
  return out;
}
