// Input checks that hold for every mutation, applied by the Pothos validation plugin before the
// resolver runs: the NUL rule of src/input.ts, reported as a ValidationError at its exact path.
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { NUL_MESSAGE, nulPaths } from '../input.ts';

export const NO_NUL_CHARACTERS = z.unknown().superRefine((args, ctx) => {
  for (const path of nulPaths(args)) ctx.addIssue({ code: 'custom', path, message: NUL_MESSAGE });
});

export function containsNul(value: unknown): boolean {
  return nulPaths(value).length > 0;
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
