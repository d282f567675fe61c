import type { status as en } from '../en/status.js';
import type { Area } from '../area.js';

// Romanian, status vocabularies and stale tickets.
export const status: Area<typeof en> = {
  'vocab.forms.invalid': 'Fișierul de formulare {file} nu este valid: {where}: {problem}',
  'vocab.forms.hint': 'Formatul este descris în docs/forms.md (fiecare stare: name, status, labels).',
  'vocab.unknown': '{flag}: starea „{value}” este necunoscută.',
  'vocab.unknown.guess': '{flag}: starea „{value}” este necunoscută. Ați vrut să spuneți „{guess}”?',
  'vocab.unknown.hint': 'Stările acestui portal: {labels}. Sau o stare normalizată: {statuses}.',
  'vocab.local.unknown': 'Starea „{name}” nu face parte din stările fișierului de formulare.',
  'vocab.notWritable': '{backend}: starea „{name}” nu poate fi setată.',
  'vocab.notWritable.hint': 'Stări care pot fi setate: {statuses}.',
  'vocab.help.stale': 'fără răspuns de la suport de atâta timp: 60d, 2w, 48h sau o dată (tichete nesoluționate și neînchise)',
  'vocab.stale.bad': '{flag}: „{value}” nu poate fi citit.',
  'vocab.stale.hint': 'Indicați o durată precum 60d, 2w sau 48h, ori o dată precum 2026-11-01.',
  'vocab.staleAfter.bad': 'Setarea staleAfter a profilului este „{value}”, care nu este o durată.',
  'vocab.staleAfter.hint': 'Setați-o cu `ticket config set staleAfter 60d` (o durată: 60d, 2w, 48h).',
  'vocab.stale.days': 'Fără răspuns de la suport de cel puțin {n} zile',
  'vocab.stale.hours': 'Fără răspuns de la suport de cel puțin {n} ore',
  'vocab.stale.minutes': 'Fără răspuns de la suport de cel puțin {n} minute',
  'vocab.stale.since': 'Fără răspuns de la suport din {date}',
};
