// Bulk changes: PUT /tickets/update_many (≤100 tickets, one change each) returns a job_status that we
// poll at GET /job_statuses/{id} until it completes.
import { msg } from '../../i18n/msg.js';
import type { BulkItem, BulkItemResult } from '../backend.js';
import { getJson, sendJson } from './api.js';
import { changesBody } from './tickets.js';
import type { ZdState } from './state.js';

export const MAX_BULK = 100;
/** How long to wait for one job before reporting its tickets as unknown. */
const JOB_DEADLINE_MS = 5 * 60_000;

interface JobStatus {
  id: string;
  status: 'queued' | 'working' | 'failed' | 'completed' | 'killed' | string;
  message?: string | null;
  retry_in?: number;
  results?: { id: number; success?: boolean; status?: string; error?: string; errors?: string; details?: string }[] | null;
}

export async function pollJob(st: ZdState, jobId: string): Promise<JobStatus> {
  const started = Date.now();
  let delay = 500;
  for (;;) {
    const { job_status: job } = await getJson<{ job_status: JobStatus }>(st.http, `job_statuses/${jobId}`, undefined, msg('err.what.jobStatus', { backend: 'Zendesk' }));
    if (!['queued', 'working'].includes(job.status)) return job;
    if (Date.now() - started > JOB_DEADLINE_MS) return { ...job, status: 'timeout' };
    await st.sleep(delay);
    delay = Math.min(delay * 2, 5_000);
  }
}

export async function bulkUpdate(st: ZdState, items: BulkItem[]): Promise<BulkItemResult[]> {
  const out: BulkItemResult[] = [];
  for (let i = 0; i < items.length; i += MAX_BULK) {
    const chunk = items.slice(i, i + MAX_BULK);
    const tickets = [];
    for (const it of chunk) {
      const t: Record<string, unknown> = { id: Number(it.id), ...(await changesBody(st, it.changes)) };
      if (it.comment) t.comment = { body: it.comment, public: true };
      tickets.push(t);
    }
    const { job_status } = await sendJson<{ job_status: JobStatus }>(st.http, 'PUT', 'tickets/update_many', { tickets }, msg('err.what.bulk', { backend: 'Zendesk' }));
    const job = ['queued', 'working'].includes(job_status.status) ? await pollJob(st, job_status.id) : job_status;
    const byId = new Map((job.results ?? []).map((r) => [String(r.id), r]));
    for (const it of chunk) {
      const r = byId.get(it.id);
      if (job.status === 'completed' && r && r.success !== false) {
        out.push({ id: it.id, ok: true, error: null });
      } else {
        const message =
          r?.errors ?? r?.details ?? r?.error ?? (job.status === 'timeout' ? `Zendesk job ${job.id} is still running; check later.` : job.message || `Zendesk job ${job.id} ended ${job.status}.`);
        const code = job.status === 'timeout' ? 'unavailable' : /not found|RecordNotFound/i.test(String(message)) ? 'not_found' : /closed/i.test(String(message)) ? 'conflict' : 'validation';
        out.push({ id: it.id, ok: false, error: { code, message: String(message) } });
      }
    }
  }
  return out;
}
