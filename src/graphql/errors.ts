// Expected failures as data (contract): every mutation returns a union of its payload and the error
// types it can actually return, all implementing `interface Error { message: String! code: ErrorCode! }`.
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../errors.ts';
import { builder } from './builder.ts';

export const ErrorCode = builder.enumType('ErrorCode', {
  description: 'What kind of expected failure an Error is (contract: these four values).',
  values: {
    VALIDATION: { description: 'The input is invalid; fieldErrors says where and why.' },
    NOT_FOUND: { description: 'An id names nothing this token can see (malformed, unknown or another tenant\'s).' },
    CONFLICT: { description: 'The input clashes with the current state (a taken name, a delivery that already succeeded).' },
    FORBIDDEN: { description: 'The token may not do this (e.g. a read-only token on a mutation).' },
  } as const,
});

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.expose('code', { type: ErrorCode }),
  }),
});

export const FieldErrorRef = builder.objectRef<FieldError>('FieldError').implement({
  description: 'One invalid input field: its path from the argument root (list indexes as strings) and what is wrong.',
  fields: (t) => ({
    path: t.exposeStringList('path'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorRef], resolve: (e) => e.fieldErrors }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ resource: t.exposeString('resource') }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ path: t.exposeStringList('path') }),
});

builder.objectType(ForbiddenError, { name: 'ForbiddenError', interfaces: [ErrorInterface] });

type ReturnableError = typeof ValidationError | typeof NotFoundError | typeof ConflictError;

/**
 * The `errors` option of a mutation: its result union is the payload, ForbiddenError (every
 * mutation needs the write scope) and exactly the errors its resolver and domain code can throw.
 * An error thrown that is not listed is not data: it is masked as "Unexpected error.".
 */
export function mutationErrors(union: string, ...types: ReturnableError[]) {
  return { types: [ForbiddenError, ...types], directResult: true as const, union: { name: union } };
}
