import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../../helpers/run-cli.js';

// Which language `ticket` speaks: --lang, then the profile's `lang` (`ticket config set lang ro`),
// then LC_ALL / LC_MESSAGES / LANG; English otherwise. Help and commander's own errors included.

describe('the language of messages and help', () => {
  it('config set lang is validated, and the profile language is then used', async () => {
    const home = tempHome();
    const bad = await runCli(['config', 'set', 'lang', 'klingon'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: lang must be one of: en, fr, ro (got "klingon").\n');
    expect((await runCli(['config', 'set', 'lang', 'RO'], { home })).code).toBe(0);
    expect((await runCli(['config', 'get', 'lang'], { home })).stdout).toBe('ro\n');

    // The profile's language over the environment's, for output, errors, help and commander's errors.
    const env = { LANG: 'fr_FR.UTF-8' };
    expect((await runCli(['config', 'set', 'colour', 'x'], { home, env })).stderr).toMatch(/^eroare: Setare necunoscută: „colour”\./);
    expect((await runCli(['config', '--help'], { home, env })).stdout).toMatch(/^Utilizare: ticket config/);
    const unknown = await runCli(['config', 'lst'], { home, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('eroare: comandă necunoscută „lst”\n(Ați vrut să scrieți list?)\n(rulați cu --help pentru ajutor)\n');

    // --lang over the profile.
    expect((await runCli(['--lang', 'fr', 'config', 'set', 'colour', 'x'], { home, env })).stderr).toMatch(/^erreur : Réglage inconnu : « colour »\./);
    expect((await runCli(['--lang=en', 'config', '--bogus'], { home, env })).stderr).toBe("error: unknown option '--bogus'\n(run with --help for usage)\n");

    // Removing it: the environment speaks again.
    expect((await runCli(['config', 'set', 'lang', ''], { home })).code).toBe(0);
    expect((await runCli(['config', 'set', 'colour', 'x'], { home, env })).stderr).toMatch(/^erreur : Réglage inconnu/);
  });

  it('the environment, and English when it names no language of ours', async () => {
    const home = tempHome();
    expect((await runCli(['profile', 'use', 'x'], { home, env: { LC_ALL: 'ro_RO.UTF-8', LANG: 'fr_FR.UTF-8' } })).stderr).toMatch(/^eroare: Nu există niciun profil numit „x”\./);
    expect((await runCli(['profile', 'use', 'x'], { home, env: { LANG: 'de_DE.UTF-8' } })).stderr).toMatch(/^error: No profile named "x"\./);
  });

  it('JSON errors stay English whatever the language', async () => {
    const home = tempHome();
    const r = await runCli(['--lang', 'fr', '--json', 'config', 'set', 'colour', 'x'], { home });
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'usage', message: 'Unknown setting "colour".', hint: expect.stringMatching(/^Settings: /) });
    const c = await runCli(['--lang', 'ro', '--json', 'config', 'lst'], { home });
    expect(JSON.parse(c.stderr).error).toMatchObject({ code: 'usage', message: "unknown command 'lst'", hint: 'Run with --help for usage.' });
  });
});

describe('ticket schema', () => {
  it('describes the commands in English whatever the language; its help follows the language', async () => {
    const home = tempHome();
    const english = await runCli(['schema', 'config', 'set'], { home });
    const french = await runCli(['--lang', 'fr', 'schema', 'config', 'set'], { home, env: { LANG: 'ro_RO.UTF-8' } });
    expect(french.code).toBe(0);
    expect(french.stdout).toBe(english.stdout);
    expect(english.stdout).toContain('change one setting');
    expect((await runCli(['--lang', 'fr', 'schema', '--help'], { home })).stdout).toMatch(/^Utilisation : ticket schema/);
    expect((await runCli(['--lang', 'fr', 'schema', 'nope'], { home })).stderr).toMatch(/^erreur : Aucune commande « nope »\./);
  });
});
