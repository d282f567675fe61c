// `ticket init --backend jsm` in-process: on a terminal, a site with several service desks asks
// which one (through the injected prompter) and saves its id.
import { afterEach, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { runInit } from '../../../../src/commands/init.js';
import { ConfigStore } from '../../../../src/config/store.js';
import type { Prompter } from '../../../../src/prompts/prompter.js';
import { fakeContext } from '../../../helpers/context.js';
import type { Backend } from '../../../../src/backends/backend.js';
import { startJsmFake, type JsmFake } from '../../../fakes/jsm-server.js';

let fake: JsmFake | null = null;
let home: string | null = null;
afterEach(async () => {
  await fake?.close();
  if (home) await rm(home, { recursive: true, force: true });
  fake = home = null;
});

describe('ticket init --backend jsm on a terminal', () => {
  it('asks for the service desk when there are several and saves the chosen id', async () => {
    fake = await startJsmFake({ twoDesks: true });
    const asked: string[][] = [];
    const prompter = {
      async select(o: { message: string; choices: { value: string; name: string }[] }) {
        asked.push(o.choices.map((c) => c.name));
        return '2';
      },
    } as unknown as Prompter;
    const ctx = fakeContext(null as unknown as Backend, { tty: true, prompter, env: { TICKET_TOKEN: fake.token } });
    home = ctx.paths.config.replace(/\/config$/, '');
    await runInit(ctx, { backend: 'jsm', url: fake.url, user: fake.email });
    expect(asked).toEqual([['Support (SUP)', 'Ressources humaines (HR)']]);
    const saved = new ConfigStore(ctx.paths.config).read().profiles.default;
    expect(saved).toMatchObject({ backend: 'jsm', url: fake.url, user: fake.email, serviceDeskId: '2' });
    expect(ctx.out()).toContain(`signed in as ${fake.email}`);
  });
});
