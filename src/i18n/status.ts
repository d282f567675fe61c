import type { Status } from '../model.js';
import type { Lang } from './lang.js';

// Status labels in the seed portals' wording.
const LABELS: Record<Lang, Record<Status, string>> = {
  en: {
    new: 'new',
    open: 'in progress',
    pending: 'waiting for your answer',
    'on-hold': 'on hold',
    solved: 'solved',
    closed: 'closed',
  },
  fr: {
    new: 'Nouveau',
    open: 'En cours',
    pending: 'En attente de votre réponse',
    'on-hold': 'En attente',
    solved: 'Résolu',
    closed: 'Fermé',
  },
  ro: {
    new: 'Nou',
    open: 'In lucru',
    pending: 'Intrebare la client',
    'on-hold': 'In asteptare',
    solved: 'Rezolvat',
    closed: 'Inchis',
  },
};

export function statusLabel(s: Status, lang: string): string {
  return (LABELS[lang as Lang] ?? LABELS.en)[s];
}
