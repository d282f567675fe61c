import type { priority as en } from '../en/priority.js';
import type { Area } from '../area.js';

// Romanian, priorities, justification and the emergency contact.
export const priority: Area<typeof en> = {
  'prio.unknown': '{flag}: prioritate necunoscută „{value}”.',
  'prio.unknown.hint': 'Folosiți unul dintre cuvintele: {words}.',
  'prio.justification.missing': 'O prioritate {priority} trebuie justificată: dați {flag} TEXT.',
  'prio.justification.missing.hint':
    'Spuneți într-un rând de ce nu poate aștepta (ce este blocat, cine este afectat). Pentru un profil care nu o cere: `ticket config set requireJustification false`.',
  'prio.emergency.filed': 'Acest tichet este urgent: dacă activitatea este oprită, sunați și la contactul de urgență: {contact}',
  'prio.emergency.failed': 'Acest tichet urgent nu a putut fi înregistrat. Contact de urgență: {contact}',
  'prio.flag.justification': 'de ce prioritatea este ridicată sau urgentă (obligatoriu pentru acestea, dacă profilul nu setează requireJustification false)',
  'prio.flag.ciPriority': 'prioritatea unui tichet nou (implicit: ciPriority din profil, altfel scăzută)',
};
