// Expected failures, thrown by domain code and returned by mutations as typed GraphQL data
// (src/graphql/errors.ts). Codes are contract: VALIDATION, NOT_FOUND, CONFLICT, FORBIDDEN.

export interface FieldError {
  path: string[];
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN';
}

export class ValidationError extends DomainError {
  override name = 'ValidationError';
  readonly code = 'VALIDATION' as const;
  constructor(readonly fieldErrors: FieldError[], message?: string) {
    super(message ?? summarize(fieldErrors));
  }
  static one(path: (string | number)[], message: string): ValidationError {
    return new ValidationError([{ path: path.map(String), message }]);
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  readonly code = 'NOT_FOUND' as const;
  constructor(readonly resource: string, readonly id: string) {
    super(`${resource} ${id} was not found`);
  }
}

export class ConflictError extends DomainError {
  override name = 'ConflictError';
  readonly code = 'CONFLICT' as const;
  constructor(message: string, readonly path: string[] = []) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  readonly code = 'FORBIDDEN' as const;
}

function summarize(errors: FieldError[]): string {
  const first = errors[0];
  if (!first) return 'Invalid input';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.path.join('.')}: ${first.message}${more}`;
}

/** Collects field errors so one response reports every problem, as Kadosei's `details` does. */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(path: (string | number)[], message: string): void {
    this.list.push({ path: path.map(String), message });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError(this.list);
  }
}
