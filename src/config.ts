// One validated configuration object, read from the environment once at start-up. Everything
// else receives the parts it needs from here; nothing reads process.env on its own.
import { z } from 'zod';
import { parseCorsOrigins } from './cors.ts';
import { parseSchedule } from './delivery/retry.ts';
import { DEFAULT_JSON_MAX_DEPTH, type JsonLimits } from './input.ts';

const duration = z.coerce.number().int().nonnegative();
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOOKGATE_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOOKGATE_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      try {
        return parseCorsOrigins(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalString,
  HOOKGATE_DATA_DIR: z.string().default('./data'),
  // PGlite's own default is 128MB, touched as the database is used: most of the embedded
  // default's memory. 16MB keeps idle RSS low; the OS page cache still holds the data files.
  HOOKGATE_PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9][0-9]*(kB|MB|GB)$/, 'a PostgreSQL memory size such as 16MB')
    .default('16MB'),
  REDIS_URL: optionalString,
  HOOKGATE_SECRET_KEY: optionalString,
  HOOKGATE_JWT_SECRET: optionalString,
  HOOKGATE_JWKS_URL: optionalString,
  HOOKGATE_JWT_ISSUER: optionalString,
  HOOKGATE_JWT_AUDIENCE: optionalString,
  HOOKGATE_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  HOOKGATE_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  HOOKGATE_PAYLOAD_MAX_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  // Deep enough for any real payload; 1000 stays far from what recursive JSON code can handle.
  HOOKGATE_JSON_MAX_DEPTH: z.coerce.number().int().min(1).max(1000).default(DEFAULT_JSON_MAX_DEPTH),
  HOOKGATE_PUBLISH_BATCH_MAX: z.coerce.number().int().min(1).max(1000).default(100),
  HOOKGATE_OUTBOUND_ALLOW: z.string().default(''),
  HOOKGATE_CA_FILE: optionalString,
  HOOKGATE_DELIVERY_TIMEOUT_MS: duration.default(15_000),
  HOOKGATE_RESPONSE_MAX_BYTES: z.coerce.number().int().min(0).default(64 * 1024),
  HOOKGATE_RETRY_SCHEDULE: z
    .string()
    .default('0s,5s,5m,30m,2h,5h')
    .superRefine((v, ctx) => {
      // Checked here so that a bad value is reported like every other setting, not as a crash.
      try {
        parseSchedule(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  HOOKGATE_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  HOOKGATE_CLAIM_BATCH: z.coerce.number().int().min(1).max(1000).default(64),
  HOOKGATE_LEASE_MS: duration.default(60_000),
  HOOKGATE_POLL_MS: duration.default(1_000),
  HOOKGATE_DISABLE_AFTER_MS: duration.default(5 * 24 * 3600 * 1000),
  HOOKGATE_SHUTDOWN_MS: duration.default(10_000),
  HOOKGATE_RETENTION_DAYS: z.coerce.number().min(0.0001).default(30),
  HOOKGATE_PRUNE_INTERVAL_MS: duration.default(60_000),
  HOOKGATE_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  HOOKGATE_CONSOLE: z.enum(['on', 'off']).default('on'),
  // CSP frame-ancestors sources allowed to embed the console (the portal view): 'none' by default.
  HOOKGATE_CONSOLE_FRAME_ANCESTORS: z
    .string()
    .default("'none'")
    .refine((v) => /^[^;,\r\n]*$/.test(v), 'space-separated CSP sources, e.g. "https://app.example.com"'),
});

export type Role = 'api' | 'worker' | 'all';

export interface Config {
  env: 'development' | 'production' | 'test';
  role: Role;
  /** `corsOrigins` empty: same-origin only (src/cors.ts). */
  http: {
    host: string;
    port: number;
    corsOrigins: string[];
    /** Largest request body (HTTP) and WebSocket message accepted, in bytes. */
    maxBodyBytes: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `{ kind: 'pglite', dataDir: null }` is an in-memory database (tests). */
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null; sharedBuffers?: string };
  /** Where generated keys live on the embedded default; null when in memory. */
  dataDir: string | null;
  redisUrl: string | undefined;
  /** Base64 or hex of 32 bytes; undefined = generated into dataDir (embedded default only). */
  secretKey: string | undefined;
  auth: {
    jwtSecret: string | undefined;
    jwksUrl: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
  };
  /** publishBatchMax: events per publishEvents call. */
  api: { maxPageSize: number; payloadMaxBytes: number; publishBatchMax: number } & JsonLimits;
  delivery: {
    outboundAllow: string;
    caFile: string | undefined;
    timeoutMs: number;
    responseMaxBytes: number;
    retrySchedule: string;
    maxInFlight: number;
    claimBatch: number;
    leaseMs: number;
    pollMs: number;
    disableAfterMs: number;
  };
  /** How long SIGTERM waits for in-flight deliveries before handing them back. */
  shutdownMs: number;
  retention: { ms: number; intervalMs: number };
  dbPoolSize: number;
  /** The web console at GET / (HOOKGATE_CONSOLE=off: not served). */
  console: { enabled: boolean; frameAncestors: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const inMemory = e.HOOKGATE_DATA_DIR === ':memory:' || e.HOOKGATE_DATA_DIR === 'memory://';
  const dataDir = inMemory ? null : e.HOOKGATE_DATA_DIR;
  if (e.DATABASE_URL && !e.HOOKGATE_SECRET_KEY && e.NODE_ENV === 'production') {
    // Several processes share one PostgreSQL: a key generated by one would not be known to others.
    throw new ConfigError('HOOKGATE_SECRET_KEY is required in production with DATABASE_URL');
  }
  if (e.NODE_ENV === 'production' && e.HOOKGATE_ROLE !== 'all' && !e.REDIS_URL) {
    // Split roles without Redis: subscribers on API processes would never see workers' attempts.
    throw new ConfigError('REDIS_URL is required in production when HOOKGATE_ROLE is api or worker');
  }
  return {
    env: e.NODE_ENV,
    role: e.HOOKGATE_ROLE,
    http: { host: e.HOST, port: e.PORT, corsOrigins: e.HOOKGATE_CORS_ORIGINS, maxBodyBytes: e.HOOKGATE_MAX_BODY_BYTES },
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: dataDir === null ? null : `${dataDir}/pglite`, sharedBuffers: e.HOOKGATE_PGLITE_SHARED_BUFFERS },
    dataDir,
    redisUrl: e.REDIS_URL,
    secretKey: e.HOOKGATE_SECRET_KEY,
    auth: {
      jwtSecret: e.HOOKGATE_JWT_SECRET,
      jwksUrl: e.HOOKGATE_JWKS_URL,
      issuer: e.HOOKGATE_JWT_ISSUER,
      audience: e.HOOKGATE_JWT_AUDIENCE,
    },
    api: { maxPageSize: e.HOOKGATE_MAX_PAGE_SIZE, payloadMaxBytes: e.HOOKGATE_PAYLOAD_MAX_BYTES, publishBatchMax: e.HOOKGATE_PUBLISH_BATCH_MAX, jsonMaxDepth: e.HOOKGATE_JSON_MAX_DEPTH },
    delivery: {
      outboundAllow: e.HOOKGATE_OUTBOUND_ALLOW,
      caFile: e.HOOKGATE_CA_FILE,
      timeoutMs: e.HOOKGATE_DELIVERY_TIMEOUT_MS,
      responseMaxBytes: e.HOOKGATE_RESPONSE_MAX_BYTES,
      retrySchedule: e.HOOKGATE_RETRY_SCHEDULE,
      maxInFlight: e.HOOKGATE_MAX_IN_FLIGHT,
      claimBatch: e.HOOKGATE_CLAIM_BATCH,
      leaseMs: e.HOOKGATE_LEASE_MS,
      pollMs: e.HOOKGATE_POLL_MS,
      disableAfterMs: e.HOOKGATE_DISABLE_AFTER_MS,
    },
    shutdownMs: e.HOOKGATE_SHUTDOWN_MS,
    retention: { ms: e.HOOKGATE_RETENTION_DAYS * 24 * 3600 * 1000, intervalMs: e.HOOKGATE_PRUNE_INTERVAL_MS },
    dbPoolSize: e.HOOKGATE_DB_POOL,
    console: { enabled: e.HOOKGATE_CONSOLE === 'on', frameAncestors: e.HOOKGATE_CONSOLE_FRAME_ANCESTORS.trim() || "'none'" },
  };
}
