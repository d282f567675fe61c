export const LANGUAGES = ['en', 'fr', 'ro'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** --lang, then the profile, then LC_ALL / LC_MESSAGES / LANG ("fr_FR.UTF-8" → fr), default English. */
export function pickLanguage(flag: string | undefined, profile: string | undefined, env: Record<string, string | undefined>): Lang {
  for (const candidate of [flag, profile, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    if (!candidate) continue;
    const code = candidate.toLowerCase().slice(0, 2);
    if ((LANGUAGES as readonly string[]).includes(code)) return code as Lang;
    if (candidate === flag || candidate === profile) continue;
  }
  return 'en';
}
