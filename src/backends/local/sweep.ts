import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isTempName } from '../../store/atomic.js';
import { pidAlive } from '../../store/lock.js';
import { isTicketId, type TicketRecord } from './layout.js';
import type { StoreReader } from './reader.js';

/**
 * After taking the lock over from a killed holder: remove the temp files dead writers left
 * (`.name.<pid>.<rand>.tmp`), and the attachments of a create that never got its ticket file.
 */
export function sweep(store: StoreReader): void {
  for (const dir of [store.root, store.ticketsDir, store.keysDir]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      if (!isTempName(n)) continue;
      const parts = n.split('.');
      const pid = Number(parts[parts.length - 3]);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) continue;
      rmSync(join(dir, n), { force: true });
    }
  }
  const pending = store.readState().pending;
  if (!pending || !isTicketId(pending)) return;
  const dir = join(store.attachmentsDir, pending);
  let rec: TicketRecord | null = null;
  try {
    rec = store.readRecord(pending);
  } catch {
    return;
  }
  if (!rec) {
    rmSync(dir, { recursive: true, force: true }); // a create that never got its ticket file
    return;
  }
  let comments: string[];
  try {
    comments = readdirSync(dir);
  } catch {
    return;
  }
  for (const c of comments) {
    // A comment that was never saved: its number is handed out again by the next reply.
    if (!(Number(c) < rec.meta.nextComment)) {
      rmSync(join(dir, c), { recursive: true, force: true });
      continue;
    }
    try {
      for (const n of readdirSync(join(dir, c))) if (isTempName(n)) rmSync(join(dir, c, n), { force: true });
    } catch {
      /* not a directory */
    }
  }
}
