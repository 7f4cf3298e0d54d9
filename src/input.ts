// Input rules that hold for every door (GraphQL, REST dialects): PostgreSQL cannot store U+0000
// in text or jsonb, so a NUL anywhere in a request is refused at its exact path instead of
// failing in the database.

export const NUL_MESSAGE = 'Must not contain the NUL character (U+0000)';

/** Paths of every string (or object key) in `value` that contains U+0000. */
export function nulPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...path, k]);
      nulPaths(v, [...path, k], out);
    }
  }
  return out;
}
