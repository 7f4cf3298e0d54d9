// The GraphiQL page (development only). Yoga's bundled GraphiQL runs subscriptions through a
// graphql-ws executor that never sees the Headers tab: its connection_init payload is empty, and
// the server refuses the socket (4403). So the page gets a fetcher of ours: queries and mutations
// POST with the tab's headers, subscriptions go over graphql-ws with the same headers as
// connectionParams, exactly where any other client puts its token. Everything is inlined (the
// graphql-ws browser build included): the page reaches no CDN.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GraphiQLOptions } from 'graphql-yoga';

const require = createRequire(import.meta.url);

// Loaded on the first page request, not at start-up: render-graphiql holds GraphiQL's whole
// bundle as a string (its module source and the string: about 30 MiB of heap), which a server
// that never serves the page (production, an API-only process) should not carry.
let assets: Promise<{ renderGraphiQL: (opts?: GraphiQLOptions) => string; graphqlWsBrowser: string }> | undefined;
function loadAssets() {
  assets ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => ({
    renderGraphiQL,
    graphqlWsBrowser: readFileSync(join(dirname(require.resolve('graphql-ws/package.json')), 'umd/graphql-ws.min.js'), 'utf8'),
  }));
  return assets;
}

// Yoga's page ends with `YogaGraphiQL.renderYogaGraphiQL(root, <options as JSON>)`; the call is
// routed through hookgateRenderGraphiQL, which adds the fetcher (a function cannot travel in JSON).
const YOGA_RENDER_CALL = 'YogaGraphiQL.renderYogaGraphiQL(';

const FETCHER_SCRIPT = /* js */ `
function hookgateRenderGraphiQL(root, options) {
  var endpoint = new URL(options.endpoint || location.pathname, location.href).href;
  var wsUrl = endpoint.replace(/^http/, 'ws');
  var client = null;
  var clientKey = null;
  // One socket per set of headers: editing the token opens a new, freshly authenticated one.
  function wsClient(headers) {
    var key = JSON.stringify(headers);
    if (client && clientKey === key) return client;
    if (client) client.dispose();
    clientKey = key;
    // No retries: a refused token is shown at once instead of after a long backoff.
    client = graphqlWs.createClient({ url: wsUrl, connectionParams: headers, lazy: true, retryAttempts: 0 });
    return client;
  }
  function operationOf(params, documentAST) {
    var ops = ((documentAST && documentAST.definitions) || []).filter(function (d) {
      return d.kind === 'OperationDefinition';
    });
    var op = params.operationName
      ? ops.find(function (d) { return d.name && d.name.value === params.operationName; })
      : ops[0];
    return op ? op.operation : 'query';
  }
  function describe(err) {
    if (err && typeof err.code === 'number') {
      return new Error('The subscription socket was closed (' + err.code + (err.reason ? ' ' + err.reason : '') +
        '). 4403 means the token was refused: check "Authorization: Bearer <JWT>" in the Headers tab.');
    }
    return err instanceof Error ? err : new Error(String(err && err.message ? err.message : err));
  }
  options.fetcher = function (params, opts) {
    var headers = (opts && opts.headers) || {};
    if (operationOf(params, opts && opts.documentAST) === 'subscription') {
      return {
        subscribe: function (observer) {
          var stop = wsClient(headers).subscribe(params, {
            next: function (value) { observer.next(value); },
            error: function (err) { observer.error(describe(err)); },
            complete: function () { observer.complete(); },
          });
          return { unsubscribe: stop };
        },
      };
    }
    return fetch(endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: Object.assign({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' }, headers),
      body: JSON.stringify(params),
    }).then(function (res) { return res.json(); });
  };
  delete options.endpoint;
  YogaGraphiQL.renderYogaGraphiQL(root, options);
}
`;

/** Yoga's GraphiQL page with a fetcher that authenticates subscriptions too. */
export async function renderGraphiQLPage(opts?: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL, graphqlWsBrowser } = await loadAssets();
  const html = renderGraphiQL(opts);
  const at = html.indexOf(YOGA_RENDER_CALL);
  if (at < 0 || html.indexOf(YOGA_RENDER_CALL, at + 1) >= 0) {
    // A render-graphiql upgrade changed its page: fail loudly rather than serve a page whose
    // subscriptions cannot authenticate (the GraphiQL browser test covers this).
    throw new Error('@graphql-yoga/render-graphiql page layout changed: cannot install the Hookgate fetcher');
  }
  // Defined in <head>, before the page's own script (which carries GraphiQL's bundle) runs.
  const headEnd = html.indexOf('</head>');
  const scripts = `<script>${graphqlWsBrowser}</script>\n<script>${FETCHER_SCRIPT}</script>\n`;
  return `${html.slice(0, headEnd)}${scripts}${html.slice(headEnd, at)}hookgateRenderGraphiQL(${html.slice(at + YOGA_RENDER_CALL.length)}`;
}
