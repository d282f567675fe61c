import type { help as en } from '../en/help.js';
import type { Area } from '../area.js';

// French, `--help`: command, argument and option descriptions.
export const help: Area<typeof en> = {
  'help.arg.id': 'numéro du ticket',

  'help.create.desc': 'créer un ticket sans dialogue (dans un terminal, les informations manquantes sont demandées)',
  'help.create.after': `
Exemples :
  ticket create -c DMS -s "Total de commande faux" -b "..." -f site=Paris -f "Type de document=Commande atelier" -f document_number=123456
  make 2>&1 | ticket create -c IT -s "Compilation cassée" --body-file - --priority high --json`,
  'help.create.category': 'catégorie (voir `ticket categories`)',
  'help.create.subject': 'court résumé (le serveur en limite la longueur)',
  'help.create.body': 'description',
  'help.create.bodyFile': 'lire la description dans un fichier (- = entrée standard)',
  'help.create.priority': 'low | normal | high | urgent (normal par défaut)',
  'help.create.type': 'incident | question | feature',
  'help.create.field': 'un champ de la catégorie, par clé ou par libellé (répétable)',
  'help.create.attach': 'joindre un fichier (répétable)',
  'help.create.cc': 'mettre quelqu\'un en copie (répétable)',
  'help.create.tag': 'ajouter une étiquette (répétable)',
  'help.create.dedupeKey': 'si un ticket ouvert porte cette clé, y ajouter la description en réponse à la place',
  'help.create.dryRun': 'valider et afficher ce qui serait envoyé ; rien n\'est écrit',
  'help.create.yes': 'ne pas demander de confirmation',
  'help.create.noKb': 'passer la recherche dans la base de connaissances (assistant)',
  'help.create.noDiagnostics': 'passer les diagnostics (assistant)',

  'help.new.desc': 'création guidée : diagnostics, base de connaissances, puis le formulaire de la catégorie (les brouillons survivent à Ctrl-C)',
  'help.new.resume': 'reprendre un brouillon enregistré (le plus récent sans numéro ; voir `ticket drafts list`)',
  'help.new.after': `
Étapes : catégorie · diagnostics · objet et base de connaissances · champs de la catégorie et description ·
         priorité · type, pièces jointes, copie, contact · une demande = un ticket · relecture et envoi.
Toute option de \`ticket create\` répond d'avance à sa question (--category, --subject, --field, --priority,
--no-kb, --no-diagnostics…). Chaque réponse est enregistrée dans un brouillon ; Ctrl-C quitte avec 130 et indique comment reprendre.

Exemples :
  ticket new
  ticket new --category DMS --field site=Lyon --no-diagnostics
  ticket new --resume`,

  'help.list.desc': 'les tickets, du plus récent au plus ancien',
  'help.filter.status': 'new, open, pending, on-hold, solved, closed',
  'help.filter.category': 'seulement cette catégorie',
  'help.filter.requester': 'créés par cette personne',
  'help.filter.mine': 'créés par moi',
  'help.filter.since': 'créés depuis : 7d, 12h, 2w ou une date (2026-11-01)',
  'help.filter.search': 'texte dans l\'objet ou la description',
  'help.filter.sort': 'created | updated (le plus récent d\'abord ; par défaut : « created »)',
  'help.filter.query': 'requête native du serveur, transmise telle quelle (TicketSQL pour RT, syntaxe de recherche Zendesk…)',
  'help.list.limit': 'au plus n tickets (0 = tous ; par défaut : 30)',
  'help.list.format': 'table | json | jsonl | csv (par défaut : table dans un terminal, séparé par des tabulations dans un tube)',
  'help.list.after': `
Exemples :
  ticket list --status open,pending --since 7d
  ticket list --mine --format csv > mes-tickets.csv
  ticket list --json --limit 0 | jq length`,

  'help.bulk.desc': 'modifier plusieurs tickets à la fois (numéros, filtres, requête, ou lignes sur l\'entrée standard)',
  'help.bulk.ids': 'cibles : numéros de tickets séparés par des virgules',
  'help.bulk.whereStatus': 'cibles : les tickets dans ces statuts (le filtre `list --status`)',
  'help.bulk.category': 'cibles : les tickets de cette catégorie',
  'help.bulk.requester': 'cibles : les tickets créés par cette personne',
  'help.bulk.mine': 'cibles : mes tickets',
  'help.bulk.since': 'cibles : créés depuis 7d | 12h | 2026-11-01',
  'help.bulk.search': 'cibles : recherche en texte intégral',
  'help.bulk.query': 'cibles : une requête native du serveur (TicketSQL, recherche Zendesk, JQL…)',
  'help.bulk.limit': 'avec des filtres : au plus ce nombre de cibles (0 = toutes, par défaut)',
  'help.bulk.status': 'modification : donner ce statut',
  'help.bulk.setStatus': 'modification : comme --status',
  'help.bulk.priority': 'modification : donner cette priorité',
  'help.bulk.comment': 'modification : ajouter ce commentaire public avec la modification',
  'help.bulk.field': 'modification : renseigner un champ (répétable)',
  'help.bulk.dryRun': 'afficher le plan (numéro, avant, après) ; ne rien modifier',
  'help.bulk.yes': 'ne pas demander de confirmation dans un terminal',
  'help.bulk.max': 'refuser de toucher plus que ce nombre de tickets',
  'help.bulk.concurrency': 'requêtes en parallèle quand le serveur n\'a pas d\'envoi groupé (8 par défaut)',
  'help.bulk.after': `
Les cibles viennent de --ids, de filtres (--where-status, --category, --requester, --mine, --since,
--search) ou de --query, sinon de l'entrée standard : un numéro par ligne, ou des lignes JSON avec les
modifications de chaque ticket : {"id":"42","status":"solved","priority":"high","comment":"...","fields":{"site":"Paris"}}.
Dans bulk, --status est la modification ; pour filtrer sur le statut, utilisez --where-status.

Un ticket déjà dans l'état voulu est « inchangé » (son commentaire n'est pas ajouté une seconde fois) :
relancer la même commande après une interruption termine le travail sans rien faire deux fois.
Sortie : une ligne JSON par ticket sur la sortie standard, un bilan sur la sortie d'erreur ; code 8 si certains ont échoué.

Exemples :
  ticket bulk --ids 12,13,14 --status solved --comment "Corrigé en 4.2" --yes
  ticket bulk --where-status pending --since 30d --status closed --dry-run
  ticket list --status new --format jsonl | jq -c '{id, priority:"high"}' | ticket bulk --max 500`,

  'help.show.desc': 'un ticket avec sa conversation',
  'help.show.noComments': 'sans la conversation',
  'help.show.raw': 'messages tels qu\'enregistrés (sans rendu Markdown)',
  'help.show.web': 'ouvrir plutôt le ticket dans le navigateur (comme `ticket browse`)',

  'help.update.desc': 'modifier statut, priorité, champs, copies',
  'help.update.status': 'new | open | pending | on-hold | solved | closed',
  'help.update.priority': 'low | normal | high | urgent',
  'help.update.field': 'renseigner un champ de la catégorie (répétable)',
  'help.update.removeCc': 'retirer quelqu\'un de la copie (répétable)',
  'help.update.subject': 'nouvel objet',

  'help.reply.desc': 'ajouter une réponse publique (texte par --body, --body-file, l\'entrée standard ou $EDITOR)',
  'help.reply.body': 'la réponse',
  'help.reply.bodyFile': 'lire la réponse dans un fichier (- = entrée standard)',

  'help.close.desc': 'marquer un ticket résolu (ou clos), avec un commentaire de clôture facultatif',
  'help.close.comment': 'un commentaire de clôture, ajouté en réponse publique',
  'help.close.status': 'solved | closed (par défaut : « solved »)',

  'help.reopen.desc': 'réactiver un ticket résolu ou clos ; passé le délai du serveur, ouvrir à la place un ticket de suite lié',
  'help.reopen.comment': 'pourquoi il revient',

  'help.browse.desc': 'ouvrir le ticket dans le navigateur (affiche l\'adresse hors d\'un terminal)',
  'help.browse.noBrowser': 'afficher l\'adresse au lieu de l\'ouvrir',
  'help.browse.after': `
Ouvre la page web du ticket avec $BROWSER, open (macOS), start (Windows) ou xdg-open. Hors d'un
terminal, avec --json, ou quand aucun programme ne peut l'ouvrir, l'adresse est affichée à la place.
Les tickets du serveur local n'ont pas de page web : code 2.`,

  'help.download.desc': 'télécharger les pièces jointes d\'un ticket',
  'help.download.name': 'seulement les pièces jointes dont le nom correspond (*.log, rapport-??.pdf)',
  'help.download.dir': 'enregistrer dans ce dossier (par défaut : le dossier courant)',
  'help.download.force': 'remplacer les fichiers qui existent déjà',
  'help.download.after': `
Les fichiers sont écrits sur le disque sous un nom assaini (sans chemin, sans « .. », sans caractères
de contrôle) et ne remplacent jamais un fichier existant sans --force (code 2, rien n'est téléchargé).
Affiche le chemin de chaque fichier enregistré (JSON avec --json) ; une barre de progression dans un
terminal pour les fichiers de plus de 1 Mo.`,

  'help.categories.desc': 'les catégories et les schémas de leurs champs',
  'help.categories.id': 'une catégorie, avec ses champs',

  'help.ci.desc': 'signaler une tâche de CI en échec : un ticket par erreur distincte, journal masqué',
  'help.ci.category': 'catégorie des nouveaux tickets (par défaut : la catégorie par défaut du profil, sinon la première)',
  'help.ci.subject': 'objet d\'un nouveau ticket (par défaut : tiré de la tâche et de la première ligne d\'erreur)',
  'help.ci.log': 'le journal de la tâche (- = entrée standard) ; seules les dernières lignes sont gardées, masquées',
  'help.ci.logLines': 'combien de lignes du journal garder (200 par défaut, ou TICKET_CI_LOG_LINES)',
  'help.ci.fingerprint': 'identifier l\'erreur soi-même au lieu de hacher dépôt + workflow + tâche + première ligne d\'erreur',
  'help.ci.maxNew': 'au plus ce nombre de nouveaux tickets par exécution du pipeline (5 par défaut, ou TICKET_CI_MAX_NEW)',
  'help.ci.priority': 'priorité d\'un nouveau ticket (normal par défaut)',
  'help.ci.tag': 'étiquette d\'un nouveau ticket (répétable)',
  'help.ci.field': 'un champ de la catégorie (répétable)',
  'help.ci.redactEnv': 'masquer aussi la valeur de cette variable d\'environnement (répétable)',
  'help.ci.repository': 'remplacer le dépôt détecté',
  'help.ci.workflow': 'remplacer le workflow ou pipeline détecté',
  'help.ci.job': 'remplacer la tâche détectée',
  'help.ci.runId': 'remplacer le numéro d\'exécution détecté (une exécution commente au plus une fois par ticket)',
  'help.ci.runUrl': 'remplacer l\'adresse d\'exécution détectée',
  'help.ci.strict': 'échouer (code non nul) quand l\'erreur ne peut pas être signalée',
  'help.ci.dryRun': 'afficher l\'empreinte, la signature, la décision et le nombre de masquages ; ne rien envoyer',
  'help.ci.after': `
Un ticket ouvert avec la même empreinte reçoit un commentaire (une fois par exécution), un ticket résolu est
rouvert, sinon un ticket est créé. Les secrets sont masqués dans le journal avant que rien ne quitte le processus.
Un problème de signalement ne fait jamais échouer le pipeline (code 0, ou 7 si mis en file d'envoi), sauf avec --strict.
TICKET_CI_DISABLE=1 rend la commande sans effet.

Exemples :
  npm test 2>&1 | tee test.log || ticket ci-failure --log test.log --json
  ticket ci-failure --log - --dry-run < build.log`,
};
