import type { status as en } from '../en/status.js';
import type { Area } from '../area.js';

// French, status vocabularies and stale tickets.
export const status: Area<typeof en> = {
  'vocab.forms.invalid': 'Le fichier de formulaires {file} est invalide : {where} : {problem}',
  'vocab.forms.hint': 'Le format est décrit dans docs/forms.md (chaque statut : name, status, labels).',
  'vocab.unknown': '{flag} : statut « {value} » inconnu.',
  'vocab.unknown.guess': '{flag} : statut « {value} » inconnu. Vouliez-vous dire « {guess} » ?',
  'vocab.unknown.hint': 'Statuts de ce portail : {labels}. Ou un statut normalisé : {statuses}.',
  'vocab.local.unknown': 'Le statut « {name} » ne fait pas partie des statuts du fichier de formulaires.',
  'vocab.notWritable': '{backend} : aucun statut « {name} » ne peut être appliqué.',
  'vocab.notWritable.hint': 'Statuts applicables : {statuses}.',
  'vocab.help.stale': 'sans nouvelles du support depuis : 60d, 2w, 48h ou une date (tickets ni résolus ni clos)',
  'vocab.stale.bad': '{flag} : « {value} » illisible.',
  'vocab.stale.hint': 'Indiquez une durée comme 60d, 2w ou 48h, ou une date comme 2026-11-01.',
  'vocab.staleAfter.bad': 'Le réglage staleAfter du profil vaut « {value} », qui n’est pas une durée.',
  'vocab.staleAfter.hint': 'Réglez-le avec `ticket config set staleAfter 60d` (une durée : 60d, 2w, 48h).',
  'vocab.stale.days': 'Sans nouvelles du support depuis {n} jours ou plus',
  'vocab.stale.hours': 'Sans nouvelles du support depuis {n} heures ou plus',
  'vocab.stale.minutes': 'Sans nouvelles du support depuis {n} minutes ou plus',
  'vocab.stale.since': 'Sans nouvelles du support depuis le {date}',
};
