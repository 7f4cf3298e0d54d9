// Who may be handed the development token inside a page (GraphiQL's pre-filled header, the
// console's pre-authentication). The token is a full-write token for tenant "dev", so it goes only
// to a page that the developer opened on this machine:
// - the TCP peer is loopback: nobody on the network gets it, whatever headers they send;
// - no proxy headers: a reverse proxy on this host would make every client look like loopback;
// - the Host header names a loopback address: a DNS-rebinding page (evil.example resolving to
//   127.0.0.1) is sent with Host: evil.example and gets no token;
// - Sec-Fetch-Site, which browsers set and pages cannot forge, is "none" (typed, bookmarked) or
//   "same-origin" (a reload, a link from the console); a cross-site navigation or frame is not;
// - an Origin header, when there is one, is this page's own origin.
// CORS stays off by default (src/cors.ts), so even a page that is answered cannot be read
// cross-origin: these checks keep the token out of any answer that is not for the developer.
import type { IncomingMessage } from 'node:http';

export function mayReceiveDevToken(req: Pick<IncomingMessage, 'headers' | 'socket'>): boolean {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return false;
  const h = req.headers;
  if (h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined) return false;
  const host = h.host;
  if (!host || !isLoopbackHost(host)) return false;
  const site = h['sec-fetch-site'];
  if (site !== undefined && site !== 'none' && site !== 'same-origin') return false;
  const origin = h.origin;
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) return false;
  return true;
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** `localhost`, `127.x.y.z` or `[::1]`, each with an optional port. */
function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name.toLowerCase() === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
