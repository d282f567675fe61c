import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';
import type { Context } from '../context/index.js';
import { UsageError } from '../errors.js';
import type { Profile } from '../config/profile.js';
import { ConfigStore } from '../config/store.js';
import { DEFAULT_PROFILE, type ResolvedProfile } from '../config/resolve.js';
import { BACKEND_KINDS, type BackendKind } from '../backends/backend.js';
import { readAll } from '../io/streams.js';
import { parseSetting } from './config/index.js';
import { msg } from '../i18n/msg.js';
import { helpBlock } from './help-text.js';

export interface InitFlags {
  backend?: string;
  url?: string;
  user?: string;
  auth?: string;
  email?: string;
  name?: string;
  phone?: string;
  mode?: string;
  emergencyContact?: string;
  statusPageUrl?: string;
  desk?: string;
  verify?: boolean;
}

const EXAMPLES = [
  'ticket init --backend rt --url https://rt.example.com --user jane < password.txt',
  'TICKET_TOKEN=... ticket init --profile zd --backend zendesk --url https://acme.zendesk.com --user jane@acme.com',
  'TICKET_TOKEN=... ticket init --profile jsm --backend jsm --url https://acme.atlassian.net --user jane@acme.com --desk SUP',
  'ticket init --backend local --name "Jane Doe" --email jane@example.com',
];

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  program
    .command('init')
    .description(t('adm.help.init'))
    .option('--backend <kind>', BACKEND_KINDS.join(' | '))
    .option('--url <url>', t('adm.help.init.url'))
    .option('--user <user>', t('adm.help.init.user'))
    .option('--auth <kind>', t('adm.help.init.auth'))
    .option('--email <email>', t('adm.help.init.email'))
    .option('--name <name>', t('adm.help.init.name'))
    .option('--phone <phone>', t('adm.help.init.phone'))
    .option('--mode <mode>', t('adm.help.init.mode'))
    .option('--desk <key|id>', t('adm.help.init.desk'))
    .option('--emergency-contact <text>', t('adm.help.init.emergencyContact'))
    .option('--status-page-url <url>', t('adm.help.init.statusPageUrl'))
    .option('--no-verify', t('adm.help.init.noVerify'))
    .addHelpText('after', helpBlock(t('adm.help.examples'), EXAMPLES))
    .action(async (flags: InitFlags) => runInit(host.context(), flags));
}

export async function runInit(ctx: Context, flags: InitFlags): Promise<void> {
  const store = new ConfigStore(ctx.paths.config);
  const cfg = store.read();
  const name = ctx.globals.profile ?? ctx.env.TICKET_PROFILE ?? cfg.currentProfile ?? DEFAULT_PROFILE;
  const existing: Partial<Profile> = cfg.profiles[name] ?? {};
  const backend = (flags.backend ?? existing.backend ?? ctx.env.TICKET_BACKEND) as BackendKind | undefined;
  if (!backend) throw new UsageError(msg('adm.init.noBackend'), { hint: msg('adm.init.noBackend.hint', { choices: BACKEND_KINDS.join(', ') }) });
  parseSetting('backend', backend);
  const notYet = (await import('../backends/registry.js')).unsupported(backend);
  if (notYet) throw notYet;
  const profile: Profile = { ...existing, backend };
  const set = (key: keyof Profile, value: string | undefined) => {
    if (value !== undefined) (profile as unknown as Record<string, unknown>)[key] = parseSetting(key, value);
  };
  set('url', flags.url);
  set('user', flags.user);
  set('email', flags.email);
  set('name', flags.name);
  set('phone', flags.phone);
  set('mode', flags.mode);
  set('emergencyContact', flags.emergencyContact);
  set('statusPageUrl', flags.statusPageUrl);
  set('serviceDeskId', flags.desk);
  if (backend !== 'local' && !profile.url && !ctx.env.TICKET_URL) {
    throw new UsageError(msg('adm.init.noUrl', { backend }));
  }

  // The secret: never a flag value (shell history, ps). Environment secrets are used, not saved.
  if (flags.auth === 'pat') {
    if (backend !== 'jsm') throw new UsageError(msg('adm.init.patJsm'));
    profile.tokenType = 'pat';
  } else if (flags.auth === 'token' && backend === 'jsm') delete profile.tokenType;
  const kind = flags.auth === 'pat' ? 'token' : (flags.auth ?? (backend === 'rt' ? 'password' : 'token'));
  if (kind !== 'password' && kind !== 'token') throw new UsageError(msg('adm.init.auth'));
  const envSecret = kind === 'password' ? ctx.env.TICKET_PASSWORD : ctx.env.TICKET_TOKEN;
  let secret: string | undefined;
  let saveSecret = false;
  if (backend !== 'local') {
    if (!ctx.io.stdin.isTTY) {
      const piped = (await readAll(ctx.io.stdin)).replace(/\r?\n$/, '');
      if (piped) {
        secret = piped.split(/\r?\n/)[0];
        saveSecret = true;
      }
    }
    if (!secret && envSecret) secret = envSecret;
    if (!secret && !existing[kind] && ctx.canPrompt) {
      const { password } = await import('@inquirer/prompts');
      const account = profile.user ?? backend;
      secret = await password({ message: ctx.t(kind === 'password' ? 'adm.init.askPassword' : 'adm.init.askToken', { who: account }), mask: '*' }, {
        input: ctx.io.stdin,
        output: ctx.io.stderr,
      } as never);
      saveSecret = true;
    }
    if (!secret && !existing[kind]) {
      throw new UsageError(msg(kind === 'password' ? 'adm.init.noPassword' : 'adm.init.noToken'), {
        hint: msg('adm.init.noSecret.hint', { env: `TICKET_${kind.toUpperCase()}` }),
      });
    }
  }
  const candidate: Profile = { ...profile };
  if (secret) candidate[kind] = secret;

  let who: string | null = null;
  const verify = flags.verify !== false && backend !== 'local';
  if (verify) {
    const createBackend = ctx.deps.createBackend ?? (await import('../backends/registry.js')).createBackend;
    const resolved: ResolvedProfile = { ...candidate, url: candidate.url ?? ctx.env.TICKET_URL, profileName: name, sources: {} };
    const b = await createBackend({
      profile: resolved,
      paths: ctx.paths,
      env: ctx.env,
      now: ctx.now,
      dispatcher: ctx.deps.dispatcher,
      lang: ctx.language(),
    });
    try {
      const me = await b.whoami();
      who = me.email ?? me.name;
      if (backend === 'jsm') {
        const { chooseDesk } = await import('../backends/jsm/desks.js');
        profile.serviceDeskId = await chooseDesk(ctx, b as import('../backends/jsm/index.js').JsmBackend, profile.serviceDeskId);
      }
    } finally {
      await b.close?.();
    }
  }
  const toSave: Profile = { ...profile };
  if (secret && saveSecret) toSave[kind] = secret;
  await store.update((c) => {
    c.profiles[name] = toSave;
    c.currentProfile ??= name;
  });
  const result = { profile: name, backend, url: toSave.url ?? null, user: toSave.user ?? null, verified: verify, as: who, file: store.file };
  if (ctx.globals.json) ctx.io.stdout.write(JSON.stringify(result) + '\n');
  else {
    const where = toSave.url ? ctx.t('adm.init.savedAt', { backend, url: toSave.url }) : backend;
    const key = who ? 'adm.init.savedAs' : 'adm.init.saved';
    ctx.io.stdout.write(ctx.t(key, { profile: name, where, who: who ?? '' }) + '\n');
  }
}
