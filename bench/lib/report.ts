// Figures, percentiles and the printed table. Every figure is a measured value, the baseline
// measured in the same run, and their ratio; results are also written as JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { ROOT } from './proc.ts';

export interface Figure {
  figure: string;
  target: string;
  measured: string;
  baseline: string;
  ratio: number | null;
  /** Whether the target was met (null: no target, informational). */
  pass: boolean | null;
  details?: Record<string, unknown>;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}

export const r1 = (n: number) => Math.round(n * 10) / 10;
export const r2 = (n: number) => Math.round(n * 100) / 100;
export const r3 = (n: number) => Math.round(n * 1000) / 1000;
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

export function machine(): string {
  const model = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'cpu';
  return `${availableParallelism()} cores (${model}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
}

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.figure,
    f.target,
    f.measured,
    f.baseline,
    f.ratio === null ? '-' : String(r3(f.ratio)),
    f.pass === null ? 'info' : f.pass ? 'PASS' : 'FAIL',
  ]);
  const head = ['figure', 'target', 'measured', 'baseline (same run)', 'ratio', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

export function saveResults(name: string, argv: string[], figures: Figure[]): string {
  const dir = `${ROOT}bench/results`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ name, command: `npm run bench -- ${argv.join(' ')}`, machine: machine(), at: new Date().toISOString(), figures }, null, 2));
  return file;
}
