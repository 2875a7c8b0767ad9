import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Env } from '../env';

/**
 * Who is asking, for rate limits and sign-in throttling.
 *
 * - By default the address is the TCP peer (the socket), which a client cannot forge.
 * - With TRUST_PROXY=true the peer is a reverse proxy we run, and X-Forwarded-For is read from the
 *   right: each proxy appends the address it saw, so the right-most entry was written by our proxy and
 *   everything to its left may be made up by the client. We walk leftwards only past hops listed in
 *   TRUSTED_PROXIES (further proxies of ours) and take the first one that is not ours. A client that
 *   sends its own `X-Forwarded-For: 1.2.3.4` only adds entries to the left, which are never reached.
 * - When TRUSTED_PROXIES is set, X-Forwarded-For is read only if the peer itself is in that list, so a
 *   client that reaches the server directly, around the proxy, is still counted by its socket address.
 */
export function clientIp(c: Context, env: Pick<Env, 'TRUST_PROXY' | 'TRUSTED_PROXIES'>): string {
  const peer = normalise(socketAddress(c)) ?? 'unknown';
  if (!env.TRUST_PROXY) return peer;
  const trusted = trustedProxies(env.TRUSTED_PROXIES);
  if (trusted && !isTrusted(trusted, peer)) return peer;
  const header = c.req.header('x-forwarded-for');
  if (!header) return peer;
  const hops = header.split(',').map((hop) => normalise(stripPort(hop.trim())));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    // an entry our own proxy wrote cannot be garbage; if it is, the header is not to be believed
    if (!hop) return peer;
    if (trusted && isTrusted(trusted, hop) && i > 0) continue;
    return hop;
  }
  return peer;
}

/**
 * The key a limit counts against: the address, except that an IPv6 client is counted by its /64 (one
 * household or phone gets a whole /64, so single addresses would let it reset every limit at will).
 */
export function clientKey(c: Context, env: Pick<Env, 'TRUST_PROXY' | 'TRUSTED_PROXIES'>): string {
  const ip = clientIp(c, env);
  if (isIP(ip) !== 6) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The TCP peer when the app runs under @hono/node-server; undefined under `app.request` without bindings. */
function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

function normalise(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const ip = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1').toLowerCase();
  return isIP(ip) ? ip : undefined;
}

/** `1.2.3.4:5678` and `[2001:db8::1]:443` (some proxies add the port). */
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}

function expandIpv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((part) => part.padStart(4, '0'));
}

const cache = new Map<string, BlockList | null>();

/** TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of our own proxies (empty: none listed). */
function trustedProxies(spec: string | undefined): BlockList | null {
  const key = spec ?? '';
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const list = addressList(key, 'TRUSTED_PROXIES');
  cache.set(key, list);
  return list;
}

/** A comma-separated list of addresses and CIDR ranges (a setting such as TRUSTED_PROXIES); null when empty. */
export function addressList(spec: string | undefined, setting: string): BlockList | null {
  let list: BlockList | null = null;
  for (const entry of (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    list ??= new BlockList();
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address)) throw new Error(`${setting}: ${entry} is not an address or CIDR range`);
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

export function isTrusted(list: BlockList, ip: string): boolean {
  return isIP(ip) !== 0 && list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}
