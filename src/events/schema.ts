// Typed events: an event type may carry a JSON Schema (2020-12) that every published event's
// `data` must satisfy. Schemas are checked when saved (they must compile, and the type's example
// must satisfy them) and compiled to a validator once per distinct schema (Ajv generates a
// JavaScript function); publish runs that function. Violations are reported like every other
// input problem: one FieldError per violation, its path pointing into `data`.
import { createHash } from 'node:crypto';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldErrors } from '../errors.ts';

// ajv-formats is CommonJS with its function as the default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const SCHEMA_MAX_BYTES = 64 * 1024;
/** Violations reported per event at most (the rest are summarized in the last one). */
const MAX_REPORTED = 20;
/** Compiled validators kept (keyed by schema content); then the cache starts over. */
const VALIDATOR_CACHE_MAX = 1000;
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export type DataValidator = ValidateFunction;

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    // Report every violation at once, as the rest of the API does.
    allErrors: true,
    // Unknown keywords and formats are mistakes in a schema: refuse them when it is saved.
    strict: true,
    strictRequired: false,
    // Tenants' schemas never become part of a shared registry: two tenants may use one $id.
    addUsedSchema: false,
    // Schemas come from tenants: no remote $refs are ever fetched (no loadSchema), and huge
    // `minItems`-style loops stay bounded by the payload limit.
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Compiles validators; one per app (the composition root owns it). Distinct schemas are compiled
 * once and shared by every event type that has the same schema.
 */
export class SchemaRegistry {
  readonly #ajv = createAjv();
  readonly #validators = new Map<string, DataValidator>();

  /** Checks a schema being saved; reports problems at `at` and returns its validator. */
  check(errors: FieldErrors, at: (string | number)[], schema: unknown): DataValidator | null {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      errors.add(at, 'A schema is a JSON object (JSON Schema 2020-12)');
      return null;
    }
    const text = JSON.stringify(schema);
    if (Buffer.byteLength(text) > SCHEMA_MAX_BYTES) {
      errors.add(at, `The schema is larger than ${SCHEMA_MAX_BYTES} bytes`);
      return null;
    }
    const declared = (schema as { $schema?: unknown }).$schema;
    if (declared !== undefined && declared !== DIALECT && declared !== `${DIALECT}#`) {
      errors.add([...at, '$schema'], `Only JSON Schema 2020-12 is supported ("$schema": "${DIALECT}")`);
      return null;
    }
    if (!this.#ajv.validateSchema(schema)) {
      for (const e of (this.#ajv.errors ?? []).slice(0, MAX_REPORTED)) errors.add([...at, ...pointer(e.instancePath)], e.message ?? 'invalid');
      return null;
    }
    try {
      return this.validator(schema as Record<string, unknown>);
    } catch (err) {
      errors.add(at, `The schema does not compile: ${(err as Error).message}`);
      return null;
    }
  }

  /** The validator of a stored (already checked) schema, compiled on first use. */
  validator(schema: Record<string, unknown>): DataValidator {
    const key = createHash('sha256').update(JSON.stringify(schema)).digest('base64');
    let fn = this.#validators.get(key);
    if (!fn) {
      fn = this.#ajv.compile(schema);
      // The compiled function keeps what it needs; Ajv's own cache (by schema object) would grow
      // with every compile otherwise.
      this.#ajv.removeSchema(schema);
      if (this.#validators.size >= VALIDATOR_CACHE_MAX) this.#validators.clear();
      this.#validators.set(key, fn);
    }
    return fn;
  }
}

/** Runs a validator over event data; each violation becomes a FieldError under `at`. */
export function checkData(errors: FieldErrors, at: (string | number)[], validate: DataValidator, data: unknown): void {
  if (validate(data)) return;
  const list = validate.errors ?? [];
  for (const e of list.slice(0, MAX_REPORTED)) errors.add([...at, ...violationPath(e)], e.message ?? 'is invalid');
  if (list.length > MAX_REPORTED) errors.add(at, `and ${list.length - MAX_REPORTED} more schema violations`);
}

/** Where in `data` a violation is: the instance path, plus the property a keyword names. */
function violationPath(e: ErrorObject): string[] {
  const path = pointer(e.instancePath);
  const p = e.params as { missingProperty?: string; additionalProperty?: string; propertyName?: string };
  if (e.keyword === 'required' && p.missingProperty !== undefined) path.push(p.missingProperty);
  else if (e.keyword === 'additionalProperties' && p.additionalProperty !== undefined) path.push(p.additionalProperty);
  else if (e.keyword === 'unevaluatedProperties' && (p as { unevaluatedProperty?: string }).unevaluatedProperty !== undefined) {
    path.push((p as { unevaluatedProperty: string }).unevaluatedProperty);
  }
  return path;
}

/** JSON Pointer (RFC 6901) to path segments. */
function pointer(p: string): string[] {
  if (p === '') return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}
