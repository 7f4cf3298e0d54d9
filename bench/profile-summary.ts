// Summarizes a V8 .cpuprofile (node --cpu-prof): top functions by self time, and self time by
// module (a package in node_modules, a file of src/, node internals, GC, idle).
//   npx tsx bench/profile-summary.ts bench/profiles/worker-....cpuprofile [top] [--inclusive]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const src = /\/(src|bench|test)\/(.*)$/.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.replace(/^file:\/\//, '');
}

/**
 * `inclusive`: also total time (self + callees) by module and by function, each sample counted
 * once per module / function on its stack: where the time goes below a layer (e.g. how much of
 * the busy time is under GraphQL execution, a plugin's wrappers or the Prisma client).
 */
export function summarizeProfile(file: string, top = 25, inclusive = false): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  let idle = 0;
  const fns = new Map<string, number>();
  const mods = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') idle += us;
    const short = url.replace(/^.*\/(node_modules|src|bench)\//, '$1/');
    const key = `${functionName || '(anonymous)'}  ${short}${url ? `:${lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const m = moduleOf(url, functionName);
    mods.set(m, (mods.get(m) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const lines: string[] = [];
  lines.push(`profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy time)`);
  lines.push(`top ${top} functions by self time:`);
  for (const [k, us] of [...fns].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)} ${ms(us)}  ${k}`);
  lines.push('self time by module:');
  for (const [k, us] of [...mods].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 20)) lines.push(`  ${pct(us)} ${ms(us)}  ${k}`);
  if (inclusive) {
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const incMods = new Map<string, number>();
    const incFns = new Map<string, number>();
    for (const [id, us] of self) {
      if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
      const seenMods = new Set<string>();
      const seenFns = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const { functionName, url, lineNumber } = byId.get(cur)!.callFrame;
        if (functionName === '(root)') break;
        seenMods.add(moduleOf(url, functionName));
        seenFns.add(`${functionName || '(anonymous)'}  ${url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}${url ? `:${lineNumber + 1}` : ''}`);
      }
      for (const m of seenMods) incMods.set(m, (incMods.get(m) ?? 0) + us);
      for (const f of seenFns) incFns.set(f, (incFns.get(f) ?? 0) + us);
    }
    lines.push('total time (self + callees) by module:');
    for (const [k, us] of [...incMods].sort((a, b) => b[1] - a[1]).slice(0, 30)) lines.push(`  ${pct(us)} ${ms(us)}  ${k}`);
    lines.push(`top ${top * 2} functions by total time:`);
    for (const [k, us] of [...incFns].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) lines.push(`  ${pct(us)} ${ms(us)}  ${k}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top] [--inclusive]');
    process.exit(2);
  }
  const rest = process.argv.slice(3);
  console.log(summarizeProfile(file, Number(rest.find((a) => /^\d+$/.test(a)) ?? 25), rest.includes('--inclusive')));
}
