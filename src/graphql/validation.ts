// Input checks that hold for every mutation, applied by the Pothos validation plugin before the
// resolver runs. PostgreSQL cannot store U+0000 in text or jsonb, so a NUL anywhere in the
// arguments is reported as a ValidationError at its exact path instead of failing in the database.
import { z } from 'zod';
import { ValidationError } from '../errors.ts';

function findNuls(value: unknown, path: (string | number)[], out: (string | number)[][]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findNuls(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...path, k]);
      findNuls(v, [...path, k], out);
    }
  }
}

export const NO_NUL_CHARACTERS = z.unknown().superRefine((args, ctx) => {
  const paths: (string | number)[][] = [];
  findNuls(args, [], paths);
  for (const path of paths) ctx.addIssue({ code: 'custom', path, message: 'Must not contain the NUL character (U+0000)' });
});

export function containsNul(value: unknown): boolean {
  const paths: (string | number)[][] = [];
  findNuls(value, [], paths);
  return paths.length > 0;
}

/** Standard Schema issues (from any validate option) as our ValidationError. */
export function toValidationError(failure: { issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> }> }): ValidationError {
  return new ValidationError(
    failure.issues.map((i) => ({
      path: (i.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))),
      message: i.message,
    })),
  );
}
