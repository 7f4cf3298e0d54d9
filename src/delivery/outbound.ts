/**
 * Outbound address policy: which resolved addresses a delivery may connect to.
 *
 * We parse addresses ourselves instead of using `net.BlockList` because the
 * rules must see through every IPv6 spelling that carries an IPv4 address
 * (mapped, compatible, NAT64, 6to4, Teredo), and a hand-written byte-level
 * parser makes "all spellings" a property of one function we can test.
 * Anything we cannot parse is treated as blocked: this is a security check,
 * so it fails closed.
 */

export type IpFamily = 4 | 6;

export interface ParsedIp {
  family: IpFamily;
  /** 4 bytes for IPv4, 16 for IPv6, network order. */
  bytes: Uint8Array;
}

export interface BlockVerdict {
  blocked: boolean;
  reason?: string;
}

interface IpRange {
  family: IpFamily;
  bytes: Uint8Array;
  prefix: number;
}

export interface OutboundAllowList {
  /** Lower-case host names without a trailing dot, matched exactly. */
  readonly hostnames: ReadonlySet<string>;
  readonly ranges: readonly IpRange[];
}

// ---------------------------------------------------------------------------
// Parsing

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;

/**
 * Strict dotted-decimal only. Resolvers and the WHATWG URL parser both hand us
 * canonical text; a leading-zero or hex spelling here means the input did not
 * come from either, and guessing its meaning (octal? decimal?) is how SSRF
 * filters get bypassed, so we refuse to parse it.
 */
function parseIPv4(s: string): Uint8Array | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string;
    if (!IPV4_PART.test(p)) return null;
    out[i] = Number(p);
  }
  return out;
}

const HEX_GROUP = /^[0-9a-f]{1,4}$/;

/**
 * Parses a textual IPv4 or IPv6 address (IPv6 optionally in brackets or with a
 * zone id). Returns null for anything else, including host names.
 */
export function parseIp(text: string): ParsedIp | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.includes(':')) {
    const bytes = parseIPv6(s);
    return bytes ? { family: 6, bytes } : null;
  }
  const bytes = parseIPv4(s);
  return bytes ? { family: 4, bytes } : null;
}

/**
 * A dotted-quad tail is rewritten as two hex groups first, so the rest of the
 * parser only ever sees pure hex and has no special cases.
 */
function parseIPv6(input: string): Uint8Array | null {
  let s = input.toLowerCase();
  const zone = s.indexOf('%');
  if (zone !== -1) {
    if (zone === s.length - 1) return null;
    s = s.slice(0, zone);
  }
  const lastColon = s.lastIndexOf(':');
  if (lastColon === -1) return null;
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIPv4(last);
    if (!v4) return null;
    const hi = (((v4[0] as number) << 8) | (v4[1] as number)).toString(16);
    const lo = (((v4[2] as number) << 8) | (v4[3] as number)).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  return parseHexIPv6(s);
}

function parseHexIPv6(s: string): Uint8Array | null {
  let groups: string[];
  const dbl = s.indexOf('::');
  if (dbl !== -1) {
    if (s.indexOf('::', dbl + 1) !== -1) return null;
    const left = s.slice(0, dbl);
    const right = s.slice(dbl + 2);
    const head = left === '' ? [] : left.split(':');
    const tail = right === '' ? [] : right.split(':');
    // "::" stands for at least one zero group.
    if (head.length + tail.length > 7) return null;
    groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  } else {
    groups = s.split(':');
    if (groups.length !== 8) return null;
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i] as string;
    if (!HEX_GROUP.test(g)) return null;
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Ranges

function range(cidr: string): IpRange {
  const r = parseCidr(cidr);
  if (!r) throw new Error(`bad built-in CIDR ${cidr}`);
  return r;
}

function parseCidr(text: string): IpRange | null {
  const slash = text.indexOf('/');
  const addr = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!addr) return null;
  const max = addr.family === 4 ? 32 : 128;
  let prefix = max;
  if (slash !== -1) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return null;
    prefix = Number(p);
    if (prefix > max) return null;
  }
  return { family: addr.family, bytes: addr.bytes, prefix };
}

function inRange(bytes: Uint8Array, r: IpRange): boolean {
  if (bytes.length !== r.bytes.length) return false;
  const full = r.prefix >> 3;
  for (let i = 0; i < full; i++) {
    if (bytes[i] !== r.bytes[i]) return false;
  }
  const bits = r.prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((bytes[full] as number) & mask) === ((r.bytes[full] as number) & mask);
}

/** Order matters: the first match gives the reason, so specific entries come first. */
const BLOCKED_V4: ReadonlyArray<readonly [IpRange, string]> = [
  [range('169.254.169.254/32'), 'cloud metadata endpoint'],
  [range('0.0.0.0/8'), 'unspecified ("this network")'],
  [range('10.0.0.0/8'), 'private (RFC 1918)'],
  [range('100.64.0.0/10'), 'shared address space (CGNAT)'],
  [range('127.0.0.0/8'), 'loopback'],
  [range('169.254.0.0/16'), 'link-local'],
  [range('172.16.0.0/12'), 'private (RFC 1918)'],
  [range('192.0.0.0/24'), 'IETF protocol assignments'],
  [range('192.0.2.0/24'), 'documentation (TEST-NET-1)'],
  [range('192.88.99.0/24'), '6to4 relay anycast'],
  [range('192.168.0.0/16'), 'private (RFC 1918)'],
  [range('198.18.0.0/15'), 'benchmarking'],
  [range('198.51.100.0/24'), 'documentation (TEST-NET-2)'],
  [range('203.0.113.0/24'), 'documentation (TEST-NET-3)'],
  [range('224.0.0.0/4'), 'multicast'],
  [range('240.0.0.0/4'), 'reserved / broadcast'],
];

const BLOCKED_V6: ReadonlyArray<readonly [IpRange, string]> = [
  [range('fd00:ec2::254/128'), 'cloud metadata endpoint'],
  [range('::/128'), 'unspecified'],
  [range('::1/128'), 'loopback'],
  // RFC 8215 local-use NAT64 is non-global by definition and its IPv4 position
  // depends on a prefix length we cannot know, so the whole /48 is refused.
  [range('64:ff9b:1::/48'), 'local-use NAT64'],
  [range('100::/64'), 'discard-only'],
  [range('2001:2::/48'), 'benchmarking'],
  [range('2001:db8::/32'), 'documentation'],
  [range('3fff::/20'), 'documentation'],
  [range('5f00::/16'), 'SRv6 SIDs'],
  [range('fc00::/7'), 'unique local (private)'],
  [range('fe80::/10'), 'link-local'],
  [range('fec0::/10'), 'site-local (deprecated)'],
  [range('ff00::/8'), 'multicast'],
];

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits. */
const EMBEDS_V4_AT_END: ReadonlyArray<readonly [IpRange, string]> = [
  [range('::ffff:0:0/96'), 'IPv4-mapped'],
  [range('::ffff:0:0:0/96'), 'IPv4-translated'],
  [range('64:ff9b::/96'), 'NAT64'],
  [range('::/96'), 'IPv4-compatible'],
];

const SIX_TO_FOUR = range('2002::/16');
const TEREDO = range('2001::/32');
const GLOBAL_UNICAST = range('2000::/3');

function judgeV4(b: Uint8Array): BlockVerdict {
  for (const [r, reason] of BLOCKED_V4) {
    if (inRange(b, r)) return { blocked: true, reason };
  }
  return { blocked: false };
}

function judgeEmbedded(kind: string, v4: Uint8Array): BlockVerdict {
  const v = judgeV4(v4);
  return v.blocked ? { blocked: true, reason: `${kind} ${Array.from(v4).join('.')}: ${v.reason}` } : v;
}

function judgeV6(b: Uint8Array): BlockVerdict {
  for (const [r, reason] of BLOCKED_V6) {
    if (inRange(b, r)) return { blocked: true, reason };
  }
  for (const [r, kind] of EMBEDS_V4_AT_END) {
    if (inRange(b, r)) return judgeEmbedded(kind, b.subarray(12, 16));
  }
  if (inRange(b, SIX_TO_FOUR)) return judgeEmbedded('6to4', b.subarray(2, 6));
  if (inRange(b, TEREDO)) {
    // Teredo carries the server address in clear and the client address
    // bit-inverted; either one pointing inside is reason enough to refuse.
    const server = judgeEmbedded('Teredo server', b.subarray(4, 8));
    if (server.blocked) return server;
    const client = b.subarray(12, 16).map((x) => ~x & 0xff);
    return judgeEmbedded('Teredo client', client);
  }
  // Everything outside 2000::/3 is unassigned or special-purpose today.
  if (!inRange(b, GLOBAL_UNICAST)) return { blocked: true, reason: 'not global unicast' };
  return { blocked: false };
}

/**
 * Whether a delivery may connect to this (already resolved) address.
 * Unparseable input is blocked.
 */
export function isBlockedAddress(ip: string): BlockVerdict {
  const parsed = parseIp(ip);
  if (!parsed) return { blocked: true, reason: 'not an IP address' };
  return parsed.family === 4 ? judgeV4(parsed.bytes) : judgeV6(parsed.bytes);
}

// ---------------------------------------------------------------------------
// Allow-list

export const EMPTY_ALLOW_LIST: OutboundAllowList = Object.freeze({
  hostnames: new Set<string>(),
  ranges: Object.freeze([]) as readonly IpRange[],
});

function normaliseHostname(h: string): string {
  const lower = h.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Parses a comma-separated list of IPs, CIDRs and host names, e.g.
 * "127.0.0.1,::1,localhost,10.0.0.0/8". Throws on an entry it cannot read,
 * because a silently ignored typo in an operator setting is worse than a
 * refusal to start.
 */
export function parseAllowList(s: string): OutboundAllowList {
  const hostnames = new Set<string>();
  const ranges: IpRange[] = [];
  for (const raw of s.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const cidr = parseCidr(entry);
    if (cidr) {
      ranges.push(cidr);
      continue;
    }
    const host = normaliseHostname(entry);
    if (entry.includes('/') || !HOSTNAME.test(host)) {
      throw new Error(`invalid outbound allow-list entry: ${JSON.stringify(entry)}`);
    }
    hostnames.add(host);
  }
  return { hostnames, ranges };
}

/** Address form used for matching: IPv4-mapped IPv6 matches IPv4 entries too. */
function matchForms(ip: ParsedIp): ParsedIp[] {
  if (ip.family === 6 && inRange(ip.bytes, EMBEDS_V4_AT_END[0]![0])) {
    return [ip, { family: 4, bytes: ip.bytes.slice(12, 16) }];
  }
  return [ip];
}

export function isAddressAllowListed(ip: string, allow: OutboundAllowList): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  return matchForms(parsed).some((form) => allow.ranges.some((r) => inRange(form.bytes, r)));
}

/**
 * True when a URL host (name or IP literal, IPv6 with or without brackets) is
 * on the allow-list. Host names match exactly, not by suffix, so allowing
 * "localhost" does not allow "evil.localhost".
 */
export function isHostAllowListed(host: string, allow: OutboundAllowList): boolean {
  if (parseIp(host)) return isAddressAllowListed(host, allow);
  return allow.hostnames.has(normaliseHostname(host));
}

/** https always; plain http only to allow-listed hosts (local receivers). */
export function isUrlAllowedScheme(url: URL, allow: OutboundAllowList): boolean {
  if (url.protocol === 'https:') return true;
  if (url.protocol === 'http:') return isHostAllowListed(url.hostname, allow);
  return false;
}
