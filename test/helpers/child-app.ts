// Runs Hookgate as a separate process (`node --import tsx src/main.ts`), exactly as it is started
// in production, so that a test can SIGKILL it mid-work. The URL comes from main's JSON log line
// "Hookgate started".
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createAuthenticator } from '../../src/auth/jwt.ts';
import { loadConfig } from '../../src/config.ts';
import type { TestApp } from './app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildApp {
  url: string;
  pid: number;
  /** Every stdout/stderr line so far (for failure messages). */
  logs: string[];
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** HTTP GraphQL client with bearer tokens signed by the child's JWT secret. */
  gql: TestApp['gql'];
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** startChildApp's rejection when the process exits before it is listening (refused start-ups). */
export class ChildExitedError extends Error {
  constructor(
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly logs: string[],
  ) {
    super(`child exited (${code ?? signal}) before starting:\n${logs.join('\n')}`);
  }
}

export async function startChildApp(env: Record<string, string>, opts: { startTimeoutMs?: number } = {}): Promise<ChildApp> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // A clean environment: nothing of the test runner's leaks into the child's configuration.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start in time:\n${logs.join('\n')}`)), opts.startTimeoutMs ?? 45_000);
    const onLine = (line: string) => {
      logs.push(line);
      if (!line.startsWith('{')) return;
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'Hookgate started' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', (l) => logs.push(l));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new ChildExitedError(code, signal, logs));
    });
  });

  const authenticator = createAuthenticator(
    loadConfig({ HOOKGATE_DATA_DIR: ':memory:', HOOKGATE_JWT_SECRET: env.HOOKGATE_JWT_SECRET ?? '' }),
  );
  const tokens = new Map<string, string>();
  const token = async (tenant: string) => {
    let tok = tokens.get(tenant);
    if (!tok) tokens.set(tenant, (tok = await authenticator.issueToken!(tenant, '1h')));
    return tok;
  };

  const gql: TestApp['gql'] = async <R, V>(
    doc: TypedDocumentNode<R, V> | DocumentNode | string,
    variables?: V,
    o: { token?: string | null; tenant?: string; authorization?: string } = {},
  ) => {
    const query = typeof doc === 'string' ? doc : print(doc as DocumentNode);
    const bearer = o.token === null ? undefined : (o.token ?? (await token(o.tenant ?? 'tenant-a')));
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    const body = JSON.parse(text) as { data: R; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
    return { status: res.status, data: body.data, errors: body.errors, text };
  };

  return {
    url,
    pid: child.pid!,
    logs,
    exited,
    gql,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
