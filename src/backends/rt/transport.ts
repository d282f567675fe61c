// A start-up-light HttpClient for the RT adapter's command-line hot path: the one HTTP policy of
// src/http/policy.ts (retries, redirects, the shared 429 pause, deadlines, size bounds, trace) over
// the node:http transport instead of undici. Loading undici costs ~70 ms per process and its
// WebAssembly HTTP parser keeps the process alive another ~70 ms at exit; `rt ls` answers in
// ~110 ms in all. Used only when nothing needs undici: no injected dispatcher (tests' MockAgent)
// and no proxy in the environment (EnvHttpProxyAgent).

import type { HttpClient, HttpClientOptions } from '../../http/policy.js';
import { createPolicyClient } from '../../http/policy.js';
import { nodeHttpTransport } from '../../http/node-transport.js';

export type NodeHttpClientOptions = Omit<HttpClientOptions, 'dispatcher' | 'connectTimeoutMs'>;

/** True when the environment asks for a proxy: then the undici client (EnvHttpProxyAgent) is used. */
export function proxyConfigured(env: Record<string, string | undefined>): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => !!env[k]);
}

/** What the RT adapter needs of an HTTP client. */
export type RtHttp = Pick<HttpClient, 'request' | 'close'>;

export function createNodeHttpClient(opts: NodeHttpClientOptions): HttpClient {
  const transport = nodeHttpTransport();
  return createPolicyClient({ ...opts, transport, closeTransport: async () => transport.close() });
}
