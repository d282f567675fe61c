// A child process for the crash and concurrency tests (bundled by helpers.buildChild).
//   node child.mjs crash HOME RUN        create/update/reply forever, printing each acknowledged step
//   node child.mjs concurrent HOME N K   create K tickets, reply to each and set it pending
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalBackend } from '../../src/backends/local/index.js';
import type { ResolvedProfile } from '../../src/config/resolve.js';
import type { Status } from '../../src/model.js';

const [mode, home, a, b] = process.argv.slice(2);
const backend = createLocalBackend({
  profile: { backend: 'local', profileName: null, sources: {}, email: 'child@example.com' } as ResolvedProfile,
  paths: { config: join(home, 'config'), state: join(home, 'state'), data: join(home, 'data') },
  env: {},
  now: () => new Date(),
  lang: 'en',
});

const say = (line: string) => process.stdout.write(line + '\n');
const fields = { site: 'Lyon', document_type: 'Commande atelier', document_number: '4242' };
const STATUSES: Status[] = ['open', 'pending', 'on-hold', 'open'];

const attachment = join(home, `attachment-${process.pid}.txt`);
const attachmentSize = 300_000;

async function crash(run: string): Promise<void> {
  mkdirSync(home, { recursive: true });
  writeFileSync(attachment, 'x'.repeat(attachmentSize));
  const mine: string[] = [];
  for (let seq = 0; ; seq++) {
    const t = await backend.createTicket({
      category: 'DMS',
      subject: `run ${run} seq ${seq}`,
      body: `body of run ${run} seq ${seq} `.repeat(1 + (seq % 40)),
      priority: 'normal',
      type: null,
      fields,
      attachments: [],
      cc: [],
      tags: [],
      idempotencyKey: `run-${run}-${seq}`,
    });
    say(`created ${t.id} run ${run} seq ${seq}`);
    mine.push(t.id);
    const target = mine[Math.floor(Math.random() * mine.length)];
    const status = STATUSES[seq % STATUSES.length];
    say(`attempt ${target} ${status}`);
    await backend.updateTicket(target, { status, fields: { company: `c${seq}` } });
    say(`updated ${target} ${status}`);
    if (seq % 3 === 0) {
      // Every other reply carries an attachment (a few hundred KB: copies take a while).
      const attachments = seq % 2 === 0 ? [{ path: attachment, name: 'log.txt', size: attachmentSize, contentType: 'text/plain' }] : [];
      await backend.reply(target, { body: `reply ${seq}`, attachments, public: false });
      say(`replied ${target}`);
    }
  }
}

async function concurrent(n: string, k: number): Promise<void> {
  const ids: string[] = [];
  for (let i = 0; i < k; i++) {
    const t = await backend.createTicket({
      category: 'DMS',
      subject: `worker ${n} ticket ${i}`,
      body: `from worker ${n}`,
      priority: 'normal',
      type: null,
      fields,
      attachments: [],
      cc: [],
      tags: [`w${n}`],
    });
    ids.push(t.id);
  }
  for (const id of ids) {
    await backend.reply(id, { body: `reply from worker ${n}`, attachments: [], public: false });
    await backend.updateTicket(id, { status: 'pending', addCc: [`w${n}@example.com`] });
  }
  say(JSON.stringify({ worker: n, ids }));
}

if (mode === 'crash') await crash(a);
else await concurrent(a, Number(b));
