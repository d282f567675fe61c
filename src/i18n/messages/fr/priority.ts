import type { priority as en } from '../en/priority.js';
import type { Area } from '../area.js';

// French, priorities, justification and the emergency contact.
export const priority: Area<typeof en> = {
  'prio.unknown': '{flag} : priorité inconnue « {value} ».',
  'prio.unknown.hint': 'Utilisez l\'un de ces mots : {words}.',
  'prio.justification.missing': 'Une priorité {priority} doit être justifiée : passez {flag} TEXTE.',
  'prio.justification.missing.hint':
    'Dites en une ligne pourquoi cela ne peut pas attendre (ce qui est bloqué, qui est touché). Pour un profil qui n\'en demande pas : `ticket config set requireJustification false`.',
  'prio.emergency.filed': 'Ce ticket est urgent : si le travail est arrêté, appelez aussi le contact d\'urgence : {contact}',
  'prio.emergency.failed': 'Ce ticket urgent n\'a pas pu être déposé. Contact d\'urgence : {contact}',
  'prio.flag.justification': 'pourquoi la priorité est haute ou urgente (obligatoire pour elles, sauf si le profil définit requireJustification false)',
  'prio.flag.ciPriority': 'priorité d\'un nouveau ticket (par défaut : le ciPriority du profil, sinon basse)',
};
