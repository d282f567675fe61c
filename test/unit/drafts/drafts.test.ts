import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DraftStore } from '../../../src/drafts/store.js';
import { MemoryBackend } from '../../helpers/memory-backend.js';
import { FakePrompter } from '../../helpers/fake-prompter.js';
import { created, drafts, home, runTty } from '../../helpers/wizard.js';

function seed(h: string): { older: string; newer: string } {
  const store = new DraftStore(join(h, 'state'));
  const a = store.create(new Date('2026-11-20T09:00:00Z'), { profile: null, backend: 'local' });
  a.answers.category = 'DMS';
  a.answers.subject = 'Older draft';
  store.save(a, new Date('2026-11-20T09:00:00Z'));
  const b = store.create(new Date('2026-11-21T09:00:00Z'), { profile: null, backend: 'local' });
  b.answers.category = 'IT';
  b.answers.subject = 'Newer draft';
  store.save(b, new Date('2026-11-21T09:00:00Z'));
  // Debris that must not show: a temp file of a killed writer and a corrupt draft.
  writeFileSync(join(store.dir, `.${b.id}.json.123.abcd.tmp`), '{');
  writeFileSync(join(store.dir, 'broken.json'), 'not json');
  return { older: a.id, newer: b.id };
}

describe('ticket drafts', () => {
  it('lists drafts newest first, as JSON and as plain lines', async () => {
    const h = home();
    const { older, newer } = seed(h);
    const p = new FakePrompter([]);
    const j = await runTty(['drafts', 'list', '--json'], { prompter: p, home: h, tty: false });
    expect(j.code).toBe(0);
    const list = JSON.parse(j.stdout);
    expect(list.map((d: { id: string }) => d.id)).toEqual([newer, older]);
    expect(list[0]).toMatchObject({ subject: 'Newer draft', category: 'IT', resume: `ticket new --resume ${newer}` });
    const plain = await runTty(['drafts'], { prompter: p, home: h, tty: false });
    expect(plain.stdout.trim().split('\n').map((l) => l.split('\t')[0])).toEqual([newer, older]);
    const none = await runTty(['drafts', 'list', '--json'], { prompter: p, home: home(), tty: false });
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it('drops a draft; an unknown id is not found (exit 3) and nothing is removed', async () => {
    const h = home();
    const { older, newer } = seed(h);
    const p = new FakePrompter([]);
    const bad = await runTty(['drafts', 'drop', older, 'nope'], { prompter: p, home: h, tty: false });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/No draft with id "nope"/);
    expect(drafts(h).filter((n) => n !== 'broken.json')).toHaveLength(2);
    const ok = await runTty(['--json', 'drafts', 'drop', older], { prompter: p, home: h, tty: false });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([{ id: older, ok: true, action: 'dropped' }]);
    expect(drafts(h).filter((n) => n !== 'broken.json')).toEqual([`${newer}.json`]);
  });

  it('resume without an id continues the latest draft; with none it says so', async () => {
    const h = home();
    mkdirSync(join(h, 'state'), { recursive: true });
    const empty = await runTty(['drafts', 'resume'], { prompter: new FakePrompter([]), backend: new MemoryBackend(), home: h });
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/There is no draft to resume/);
    seed(h);
    const backend = new MemoryBackend();
    const p = new FakePrompter([
      ['Which', { throw: Object.assign(new Error('x'), { name: 'ExitPromptError' }) }], // never asked: IT is known
      ['What did you want to do', 'Reset my password'],
      ['What result did you expect', ''],
      ['What happened instead', ''],
      ['Steps to reproduce', ''],
      ['Since when', ''],
      ['How many users', 'me'],
      ['another machine', 'untried'],
      ['already tried', ''],
      ['How much does this stop you', 'low'],
      ['What kind of request', 'question'],
      ['File to attach', ''],
      ['Copy someone', ''],
      ['Your name', ''],
      ['Your e-mail', ''],
      ['Your phone', ''],
      ['What now?', 'submit'],
    ]);
    const r = await runTty(['drafts', 'resume'], { prompter: p, backend, home: h, env: {} });
    expect(r.code, r.stderr).toBe(0);
    expect(p.unused()).toEqual(['Which']);
    expect(created(backend)[0]).toMatchObject({ subject: 'Newer draft', category: 'IT', priority: 'low', type: 'question' });
  });
});
