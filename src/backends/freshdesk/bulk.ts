// Bulk changes: POST /tickets/bulk_update applies one change to many ids and answers with a job
// (202 {job_id}); GET /jobs/{id} is polled until it ends. Items with different changes go in
// separate requests, grouped by change.
import { msg } from '../../i18n/msg.js';
import type { BulkItem, BulkItemResult } from '../backend.js';
import { getJson, sendJson } from './api.js';
import { textToHtml } from './mapping.js';
import type { FdState } from './state.js';
import { changesBody } from './tickets.js';

export const MAX_BULK = 100;
const JOB_DEADLINE_MS = 5 * 60_000;

interface FdJob {
  id: string;
  status: string;
  data?: { id: number; success?: boolean; error?: string; message?: string }[];
  results?: { id: number; success?: boolean; error?: string; message?: string }[];
}

const RUNNING = new Set(['queued', 'pending', 'in progress', 'in_progress', 'running']);

async function pollJob(st: FdState, jobId: string): Promise<FdJob> {
  const started = Date.now();
  let delay = 500;
  for (;;) {
    const job = await getJson<FdJob>(st.http, `jobs/${jobId}`, undefined, msg('err.what.job', { backend: 'Freshdesk' }));
    if (!RUNNING.has(String(job.status).toLowerCase())) return job;
    if (Date.now() - started > JOB_DEADLINE_MS) return { ...job, status: 'timeout' };
    await st.sleep(delay);
    delay = Math.min(delay * 2, 5_000);
  }
}

export async function bulkUpdate(st: FdState, items: BulkItem[]): Promise<BulkItemResult[]> {
  const groups = new Map<string, { properties: Record<string, unknown>; comment: string | null; ids: string[] }>();
  for (const it of items) {
    const properties = await changesBody(st, null, { status: it.changes.status, priority: it.changes.priority, fields: it.changes.fields });
    const k = JSON.stringify([properties, it.comment ?? null]);
    const g = groups.get(k) ?? { properties, comment: it.comment ?? null, ids: [] };
    g.ids.push(it.id);
    groups.set(k, g);
  }
  const results = new Map<string, BulkItemResult>();
  for (const g of groups.values()) {
    for (let i = 0; i < g.ids.length; i += MAX_BULK) {
      const ids = g.ids.slice(i, i + MAX_BULK);
      const action: Record<string, unknown> = { ids: ids.map(Number), properties: g.properties };
      if (g.comment) action.reply = { body: textToHtml(g.comment) };
      const { job_id } = await sendJson<{ job_id: string }>(st.http, 'POST', 'tickets/bulk_update', { bulk_action: action }, msg('err.what.bulk', { backend: 'Freshdesk' }));
      const job = await pollJob(st, job_id);
      const status = String(job.status).toLowerCase();
      const per = new Map((job.data ?? job.results ?? []).map((r) => [String(r.id), r]));
      for (const id of ids) {
        const r = per.get(id);
        const success = r ? r.success !== false : ['success', 'completed', 'complete'].includes(status);
        if (success) results.set(id, { id, ok: true, error: null });
        else {
          const message = r?.error ?? r?.message ?? (status === 'timeout' ? `Freshdesk job ${job_id} is still running; check later.` : `Freshdesk job ${job_id} ended ${job.status}.`);
          const code = status === 'timeout' ? 'unavailable' : /not.?found|not exist/i.test(message) ? 'not_found' : 'validation';
          results.set(id, { id, ok: false, error: { code, message } });
        }
      }
    }
  }
  return items.map((it) => results.get(it.id)!);
}
