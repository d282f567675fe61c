import type { Incident } from './types.js';

// Service health from a Statuspage-compatible page (Atlassian Statuspage and look-alikes):
// GET /api/v2/status.json → {status:{indicator, description}};
// GET /api/v2/incidents/unresolved.json → {incidents:[{id,name,status,impact,shortlink,updated_at}]}.

export interface ServiceStatus {
  indicator: string;
  description: string;
  incidents: Incident[];
}

export async function fetchServiceStatus(
  baseUrl: string,
  opts: { dispatcher?: unknown; timeoutMs?: number; debug?: (line: string) => void },
): Promise<ServiceStatus> {
  const { createHttpClient } = await import('../http/client.js');
  const http = createHttpClient({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    dispatcher: opts.dispatcher,
    timeoutMs: opts.timeoutMs ?? 5000,
    retry: { maxAttempts: 2, deadlineMs: 8000 },
    debug: opts.debug,
  });
  try {
    const base = /\/api\/v2$/.test(baseUrl.replace(/\/+$/, '')) ? '' : 'api/v2/';
    const [st, inc] = await Promise.all([
      http.request({ method: 'GET', path: `${base}status.json`, noAuth: true }),
      http.request({ method: 'GET', path: `${base}incidents/unresolved.json`, noAuth: true }),
    ]);
    if (st.status >= 400) throw new Error(`status.json answered HTTP ${st.status}`);
    const sj = st.json<{ status?: { indicator?: string; description?: string } }>();
    let incidents: Incident[] = [];
    if (inc.status < 400) {
      const ij = inc.json<{ incidents?: Record<string, unknown>[] }>();
      incidents = (ij?.incidents ?? []).map((i) => ({
        id: String(i.id ?? ''),
        name: String(i.name ?? ''),
        status: String(i.status ?? 'investigating'),
        impact: String(i.impact ?? 'none'),
        url: typeof i.shortlink === 'string' ? i.shortlink : null,
        updatedAt: typeof i.updated_at === 'string' ? i.updated_at : null,
      }));
    }
    return {
      indicator: sj?.status?.indicator ?? 'unknown',
      description: sj?.status?.description ?? '',
      incidents,
    };
  } finally {
    await http.close();
  }
}
