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
  verify?: boolean;
}

export function register(program: Command, host: CommandHost): void {
  program
    .command('init')
    .description('create or verify a profile (backend, URL, credentials); the secret comes from standard input, TICKET_PASSWORD/TICKET_TOKEN or a prompt')
    .option('--backend <kind>', BACKEND_KINDS.join(' | '))
    .option('--url <url>', 'base URL of the backend')
    .option('--user <user>', 'user name or e-mail on the backend')
    .option('--auth <kind>', 'password | token: what the secret is (default: password for rt, token otherwise)')
    .option('--email <email>', 'your contact e-mail (added to tickets)')
    .option('--name <name>', 'your name (added to tickets)')
    .option('--phone <phone>', 'your phone number (added to tickets)')
    .option('--mode <mode>', 'Zendesk: agent | end-user')
    .option('--emergency-contact <text>', 'shown when an urgent ticket cannot reach the backend')
    .option('--status-page-url <url>', 'Statuspage-compatible URL for service health')
    .option('--no-verify', 'save without checking the credentials against the backend')
    .addHelpText(
      'after',
      `
Examples:
  ticket init --backend rt --url https://rt.example.com --user jane < password.txt
  TICKET_TOKEN=... ticket init --profile zd --backend zendesk --url https://acme.zendesk.com --user jane@acme.com
  ticket init --backend local --name "Jane Doe" --email jane@example.com`,
    )
    .action(async (flags: InitFlags) => runInit(host.context(), flags));
}

export async function runInit(ctx: Context, flags: InitFlags): Promise<void> {
  const store = new ConfigStore(ctx.paths.config);
  const cfg = store.read();
  const name = ctx.globals.profile ?? ctx.env.TICKET_PROFILE ?? cfg.currentProfile ?? DEFAULT_PROFILE;
  const existing: Partial<Profile> = cfg.profiles[name] ?? {};
  const backend = (flags.backend ?? existing.backend ?? ctx.env.TICKET_BACKEND) as BackendKind | undefined;
  if (!backend) throw new UsageError('Missing --backend.', { hint: `Use one of: ${BACKEND_KINDS.join(', ')}.` });
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
  if (backend !== 'local' && !profile.url && !ctx.env.TICKET_URL) {
    throw new UsageError(`The ${backend} backend needs --url.`);
  }

  // The secret: never a flag value (shell history, ps). Environment secrets are used, not saved.
  const kind = flags.auth ?? (backend === 'rt' ? 'password' : 'token');
  if (kind !== 'password' && kind !== 'token') throw new UsageError('--auth must be password or token.');
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
      secret = await password({ message: `${kind === 'password' ? 'Password' : 'API token'} for ${profile.user ?? backend}:`, mask: '*' }, {
        input: ctx.io.stdin,
        output: ctx.io.stderr,
      } as never);
      saveSecret = true;
    }
    if (!secret && !existing[kind]) {
      throw new UsageError(`No ${kind} given.`, {
        hint: `Pipe it on standard input (ticket init ... < file), set TICKET_${kind.toUpperCase()}, or run on a terminal to be asked.`,
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
  else ctx.io.stdout.write(`✓ Profile ${name} saved (${backend}${toSave.url ? ` at ${toSave.url}` : ''})${who ? `, signed in as ${who}` : ''}.\n`);
}
