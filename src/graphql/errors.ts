// Expected failures as data (contract): every mutation returns a union of its payload and these
// types, all implementing `interface Error { message: String! code: String! }`.
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../errors.ts';
import { builder } from './builder.ts';

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code'),
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

/** The error types every mutation may return. */
export const MUTATION_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];
