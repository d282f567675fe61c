import { msg, type Msg } from '../i18n/msg.js';
import { isEmail } from '../util/text.js';
import { ConfigStore } from './store.js';
import { DEFAULT_PROFILE } from './resolve.js';
import type { Profile } from './profile.js';

// The contact details are the profile's: `name`, `email`, `phone`. The wizard asks them once (when
// the profile has none), an edit in its review changes them, and `ticket config set` checks them
// with the same rules.

export interface ContactDetails {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export const CONTACT_KEYS = ['name', 'email', 'phone'] as const;
export type ContactKey = (typeof CONTACT_KEYS)[number];

const PHONE = /^\+?[0-9][0-9 ().\/-]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What is wrong with one contact value (already trimmed; '' is "none" and fine), or null. */
export function contactProblem(key: ContactKey, value: string): Msg | null {
  if (value === '') return null;
  if (CONTROL.test(value)) return msg('req.invalid.control', { key });
  switch (key) {
    case 'email':
      return isEmail(value) ? null : msg('req.invalid.email', { value });
    case 'phone': {
      const digits = value.replace(/\D/g, '').length;
      return PHONE.test(value) && digits >= 4 && digits <= 20 && value.length <= 40 ? null : msg('req.invalid.phone', { value });
    }
    default:
      return value.length <= 120 ? null : msg('req.invalid.name', { max: 120 });
  }
}

/** The profile's contact details (nulls where it has none). */
export function profileContact(p: Pick<Profile, 'name' | 'email' | 'phone'> | null | undefined): ContactDetails {
  return { name: p?.name || null, email: p?.email || null, phone: p?.phone || null };
}

/** Does the profile say who files (a name or an e-mail)? */
export function hasContact(c: ContactDetails): boolean {
  return Boolean(c.name || c.email);
}

/**
 * Write the contact details into the profile `profileName` (the implicit local default when null),
 * under the config lock; an empty value removes the setting. `live`, the profile in use by this
 * run, is updated too so the backend files with the new details at once.
 */
export async function saveContact(configDir: string, profileName: string | null, c: ContactDetails, live?: Profile): Promise<string> {
  const store = new ConfigStore(configDir);
  const name = profileName ?? DEFAULT_PROFILE;
  await store.update((cfg) => {
    const p: Profile = cfg.profiles[name] ?? { backend: 'local' };
    const rec = p as unknown as Record<string, unknown>;
    for (const k of CONTACT_KEYS) {
      if (c[k]) rec[k] = c[k];
      else delete rec[k];
    }
    cfg.profiles[name] = p;
    cfg.currentProfile ??= name;
  });
  if (live) {
    const rec = live as unknown as Record<string, unknown>;
    for (const k of CONTACT_KEYS) {
      if (c[k]) rec[k] = c[k];
      else delete rec[k];
    }
  }
  return name;
}
