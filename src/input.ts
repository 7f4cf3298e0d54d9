// Input rules that hold for every door (GraphQL, REST dialects). PostgreSQL cannot store U+0000 in
// text or jsonb, so a NUL anywhere in a request is refused at its exact path instead of failing in
// the database. JSON values are bounded in nesting depth (HOOKGATE_JSON_MAX_DEPTH, default 64):
// JSON.stringify, the database driver and receivers' parsers all recurse, and a 27 KB payload can
// nest 5,000 levels. Every walk here is iterative, so no input can overflow the stack.
import type { FieldErrors } from './errors.ts';

export const NUL_MESSAGE = 'Must not contain the NUL character (U+0000)';
export const DEFAULT_JSON_MAX_DEPTH = 64;

/** The limits a JSON-accepting rule needs (config.api has them). */
export interface JsonLimits {
  jsonMaxDepth: number;
}

type Key = string | number;

/** A node of the walk; paths are built from parent links only when reported. */
interface Frame {
  value: unknown;
  key: Key;
  parent: Frame | null;
  /** 1 for the root container, +1 per container inside it. */
  depth: number;
}

function pathOf(frame: Frame, base: readonly Key[]): Key[] {
  const keys: Key[] = [];
  for (let f: Frame | null = frame; f && f.parent; f = f.parent) keys.push(f.key);
  return [...base, ...keys.reverse()];
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !(value instanceof Date);
}

/**
 * Visits every value in document order, depth first, without recursion. `visit` returns false to
 * skip a container's children.
 */
function walk(root: unknown, visit: (frame: Frame) => boolean): void {
  const stack: Frame[] = [{ value: root, key: '', parent: null, depth: isContainer(root) ? 1 : 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (!visit(frame) || !isContainer(frame.value)) continue;
    const entries: [Key, unknown][] = Array.isArray(frame.value) ? frame.value.map((v, i) => [i, v]) : Object.entries(frame.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, value] = entries[i]!;
      stack.push({ value, key, parent: frame, depth: isContainer(value) ? frame.depth + 1 : frame.depth });
    }
  }
}

/** At most this many NUL paths are reported: enough to fix a request, not an amplifier. */
const MAX_REPORTED = 100;

/** Paths of every string (or object key) in `value` that contains U+0000. */
export function nulPaths(value: unknown, base: readonly Key[] = []): Key[][] {
  const out: Key[][] = [];
  walk(value, (frame) => {
    if (out.length >= MAX_REPORTED) return false;
    const inValue = typeof frame.value === 'string' && frame.value.includes('\u0000');
    const inKey = typeof frame.key === 'string' && frame.key.includes('\u0000');
    if (inValue || inKey) out.push(pathOf(frame, base));
    return true;
  });
  return out;
}

/** The path of the first container nested deeper than `maxDepth` (the root object is level 1), or null. */
export function tooDeepPath(value: unknown, maxDepth: number): Key[] | null {
  let found: Frame | null = null;
  walk(value, (frame) => {
    if (found) return false;
    if (frame.depth > maxDepth) found = frame;
    return found === null;
  });
  return found ? pathOf(found, []) : null;
}

export function jsonDepthMessage(maxDepth: number): string {
  return `Nested deeper than ${maxDepth} levels (the limit, HOOKGATE_JSON_MAX_DEPTH)`;
}

/** Adds a field error at the too-deep part of a JSON value; returns false when it was too deep. */
export function checkJsonDepth(errors: FieldErrors, path: readonly Key[], value: unknown, limits: JsonLimits): boolean {
  const deep = tooDeepPath(value, limits.jsonMaxDepth);
  if (deep === null) return true;
  errors.add([...path, ...deep], jsonDepthMessage(limits.jsonMaxDepth));
  return false;
}

/**
 * The bracket nesting depth of JSON text (objects and arrays outside string literals), scanned
 * without parsing: for templates, whose placeholders make them not yet JSON. Returns the character
 * index where `maxDepth` is first exceeded, or -1.
 */
export function jsonTextTooDeepAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      // `{{` opens a placeholder, not two objects.
      if (ch === '{' && text[i + 1] === '{') {
        const close = text.indexOf('}}', i + 2);
        if (close !== -1) {
          i = close + 1;
          continue;
        }
      }
      if (++depth > maxDepth) return i;
    } else if (ch === '}' || ch === ']') depth = Math.max(0, depth - 1);
  }
  return -1;
}
