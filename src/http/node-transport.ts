// The node:http/https transport: one attempt, for the RT adapter's command-line hot path, where
// loading undici would cost ~70 ms per process (and its WebAssembly parser another ~70 ms at exit).
// The policy (retries, redirects, the 429 pause, deadlines, size bounds, trace) is policy.ts's.

import * as http from 'node:http';
import * as https from 'node:https';
import { ResponseTooLarge, type Transport } from './policy.js';

/** Serialize a body for node:http: strings, bytes, or a FormData through the platform's Request. */
async function encodeBody(body: unknown, headers: Record<string, string>): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  const r = new Request('http://localhost/', { method: 'POST', body: body as FormData });
  headers['content-type'] = r.headers.get('content-type') ?? 'multipart/form-data';
  return Buffer.from(await r.arrayBuffer());
}

export function nodeHttpTransport(): Transport & { close(): void } {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 6 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 6 }),
  };
  const transport = (async (t) => {
    const headers = { ...t.headers };
    const body = await encodeBody(t.body, headers);
    if (body) headers['content-length'] = String(body.length);
    const https_ = t.url.protocol === 'https:';
    const mod = https_ ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        reject(e);
      };
      const r = mod.request(t.url, { method: t.method, headers, agent: https_ ? agents['https:'] : agents['http:'], signal: t.signal }, (res) => {
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > t.maxBytes) {
          fail(new ResponseTooLarge(t.maxBytes));
          return r.destroy();
        }
        const chunks: Buffer[] = [];
        let n = 0;
        res.on('data', (c: Buffer) => {
          n += c.length;
          if (n > t.maxBytes) {
            fail(new ResponseTooLarge(t.maxBytes));
            r.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('the server closed the connection mid-answer'), { code: 'ECONNRESET' })));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
        });
      });
      // Idle sockets too: the policy's signal bounds the whole attempt, this the silence.
      r.setTimeout(t.timeoutMs, () => r.destroy(Object.assign(new Error(`no data for ${t.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      r.on('error', fail);
      r.end(body);
    });
  }) as Transport & { close(): void };
  transport.close = () => {
    agents['http:'].destroy();
    agents['https:'].destroy();
  };
  return transport;
}
