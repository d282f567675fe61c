import type { help as en } from '../en/help.js';
import type { Area } from '../area.js';

// Romanian, `--help`: command, argument and option descriptions.
export const help: Area<typeof en> = {
  'help.arg.id': 'numărul tichetului',

  'help.create.desc': 'creați un tichet fără dialog (într-un terminal, datele lipsă sunt cerute)',
  'help.create.after': `
Exemple:
  ticket create -c DMS -s "Total comandă greșit" -b "..." -f site=Paris -f "Tip de document=Comandă de atelier" -f document_number=123456
  make 2>&1 | ticket create -c IT -s "Compilare eșuată" --body-file - --priority high --json`,
  'help.create.category': 'categoria (vedeți `ticket categories`)',
  'help.create.subject': 'rezumat scurt (serverul îi limitează lungimea)',
  'help.create.body': 'descrierea',
  'help.create.bodyFile': 'citiți descrierea dintr-un fișier (- = intrarea standard)',
  'help.create.priority': 'low | normal | high | urgent (implicit normal)',
  'help.create.type': 'incident | question | feature',
  'help.create.field': 'un câmp al categoriei, după cheie sau etichetă (repetabil)',
  'help.create.attach': 'atașați un fișier (repetabil)',
  'help.create.cc': 'puneți pe cineva în copie (repetabil)',
  'help.create.tag': 'adăugați o etichetă (repetabil)',
  'help.create.dedupeKey': 'dacă un tichet deschis poartă această cheie, adăugați descrierea la el ca răspuns',
  'help.create.dryRun': 'validați și afișați ce s-ar trimite; nu se scrie nimic',
  'help.create.yes': 'fără cerere de confirmare',
  'help.create.noKb': 'săriți căutarea în baza de cunoștințe (asistent)',
  'help.create.noDiagnostics': 'săriți diagnosticarea (asistent)',

  'help.new.desc': 'creare ghidată: diagnosticare, bază de cunoștințe, apoi formularul categoriei (ciornele supraviețuiesc lui Ctrl-C)',
  'help.new.resume': 'continuați o ciornă salvată (cea mai recentă, fără număr; vedeți `ticket drafts list`)',
  'help.new.after': `
Pași: categorie · diagnosticare · subiect și bază de cunoștințe · câmpurile categoriei și descrierea ·
      prioritate · tip, atașamente, copie, contact · o cerere = un tichet · verificare și trimitere.
Orice opțiune a \`ticket create\` răspunde dinainte la întrebarea ei (--category, --subject, --field, --priority,
--no-kb, --no-diagnostics…). Fiecare răspuns este salvat într-o ciornă; Ctrl-C iese cu 130 și arată cum se continuă.

Exemple:
  ticket new
  ticket new --category DMS --field site=Lyon --no-diagnostics
  ticket new --resume`,

  'help.list.desc': 'tichetele, de la cel mai recent',
  'help.filter.status': 'new, open, pending, on-hold, solved, closed',
  'help.filter.category': 'doar această categorie',
  'help.filter.requester': 'create de această persoană',
  'help.filter.mine': 'create de mine',
  'help.filter.since': 'create din: 7d, 12h, 2w sau o dată (2026-11-01)',
  'help.filter.search': 'text în subiect sau în descriere',
  'help.filter.sort': 'created | updated (cele mai recente întâi; implicit: „created”)',
  'help.filter.query': 'interogare nativă a serverului, transmisă ca atare (TicketSQL pentru RT, sintaxa de căutare Zendesk…)',
  'help.list.limit': 'cel mult n tichete (0 = toate; implicit: 30)',
  'help.list.format': 'table | json | jsonl | csv (implicit: table într-un terminal, separat prin tabulatoare într-o conductă)',
  'help.list.after': `
Exemple:
  ticket list --status open,pending --since 7d
  ticket list --mine --format csv > tichetele-mele.csv
  ticket list --json --limit 0 | jq length`,

  'help.bulk.desc': 'modificați mai multe tichete deodată (numere, filtre, o interogare sau rânduri pe intrarea standard)',
  'help.bulk.ids': 'ținte: numere de tichete separate prin virgulă',
  'help.bulk.whereStatus': 'ținte: tichetele în aceste stări (filtrul `list --status`)',
  'help.bulk.category': 'ținte: tichetele din această categorie',
  'help.bulk.requester': 'ținte: tichetele create de această persoană',
  'help.bulk.mine': 'ținte: tichetele mele',
  'help.bulk.since': 'ținte: create din 7d | 12h | 2026-11-01',
  'help.bulk.search': 'ținte: căutare în tot textul',
  'help.bulk.query': 'ținte: o interogare nativă a serverului (TicketSQL, căutare Zendesk, JQL…)',
  'help.bulk.limit': 'cu filtre: cel mult atâtea ținte (implicit 0 = toate)',
  'help.bulk.status': 'modificare: setați această stare',
  'help.bulk.setStatus': 'modificare: la fel ca --status',
  'help.bulk.priority': 'modificare: setați această prioritate',
  'help.bulk.comment': 'modificare: adăugați acest comentariu public odată cu modificarea',
  'help.bulk.field': 'modificare: setați un câmp (repetabil)',
  'help.bulk.dryRun': 'afișați planul (număr, înainte, după); nu modificați nimic',
  'help.bulk.yes': 'fără cerere de confirmare într-un terminal',
  'help.bulk.max': 'refuzați să atingeți mai multe tichete decât atât',
  'help.bulk.concurrency': 'cereri în paralel când serverul nu oferă un punct de acces pentru modificări în masă (implicit 8)',
  'help.bulk.after': `
Țintele vin din --ids, din filtre (--where-status, --category, --requester, --mine, --since,
--search) sau din --query, altfel de pe intrarea standard: câte un număr pe rând sau rânduri JSON cu
modificările fiecărui tichet: {"id":"42","status":"solved","priority":"high","comment":"...","fields":{"site":"Paris"}}.
În bulk, --status este modificarea; pentru a filtra după stare, folosiți --where-status.

Un tichet aflat deja în starea dorită este „neschimbat” (comentariul său nu se adaugă a doua oară), așa că
rularea aceleiași comenzi după o întrerupere termină lucrul fără a face ceva de două ori.
Ieșire: câte un rând JSON pe tichet la ieșirea standard, un rezumat la ieșirea de erori; codul 8 dacă unele au eșuat.

Exemple:
  ticket bulk --ids 12,13,14 --status solved --comment "Corectat în 4.2" --yes
  ticket bulk --where-status pending --since 30d --status closed --dry-run
  ticket list --status new --format jsonl | jq -c '{id, priority:"high"}' | ticket bulk --max 500`,

  'help.show.desc': 'un tichet cu conversația sa',
  'help.show.noComments': 'fără conversație',
  'help.show.raw': 'mesajele așa cum sunt salvate (fără formatare Markdown)',
  'help.show.web': 'deschideți tichetul în browser (ca `ticket browse`)',

  'help.update.desc': 'modificați starea, prioritatea, câmpurile, copiile',
  'help.update.status': 'new | open | pending | on-hold | solved | closed',
  'help.update.priority': 'low | normal | high | urgent',
  'help.update.field': 'setați un câmp al categoriei (repetabil)',
  'help.update.removeCc': 'scoateți pe cineva din copie (repetabil)',
  'help.update.subject': 'subiect nou',

  'help.reply.desc': 'adăugați un răspuns public (textul din --body, --body-file, intrarea standard sau $EDITOR)',
  'help.reply.body': 'răspunsul',
  'help.reply.bodyFile': 'citiți răspunsul dintr-un fișier (- = intrarea standard)',

  'help.close.desc': 'marcați un tichet ca rezolvat (sau închis), cu un comentariu de închidere opțional',
  'help.close.comment': 'un comentariu de închidere, adăugat ca răspuns public',
  'help.close.status': 'solved | closed (implicit: „solved”)',

  'help.reopen.desc': 'reactivați un tichet rezolvat sau închis; după termenul serverului, deschideți în schimb un tichet de continuare legat',
  'help.reopen.comment': 'de ce revine',

  'help.browse.desc': 'deschideți tichetul în browser (afișează adresa în afara unui terminal)',
  'help.browse.noBrowser': 'afișați adresa în loc să o deschideți',
  'help.browse.after': `
Deschide pagina web a tichetului cu $BROWSER, open (macOS), start (Windows) sau xdg-open. În afara unui
terminal, cu --json sau când niciun program nu o poate deschide, se afișează adresa.
Tichetele serverului local nu dispun de o pagină web: codul 2.`,

  'help.download.desc': 'descărcați atașamentele unui tichet',
  'help.download.name': 'doar atașamentele al căror nume se potrivește (*.log, raport-??.pdf)',
  'help.download.dir': 'salvați în acest dosar (implicit: cel curent)',
  'help.download.force': 'înlocuiți fișierele care există deja',
  'help.download.after': `
Fișierele sunt scrise pe disc sub un nume curățat (fără cale, fără „..”, fără caractere de control) și
nu înlocuiesc niciodată un fișier existent fără --force (codul 2, nu se descarcă nimic). Afișează calea
fiecărui fișier salvat (JSON cu --json); o bară de progres într-un terminal pentru fișierele de peste 1 MB.`,

  'help.categories.desc': 'categoriile și schemele câmpurilor lor',
  'help.categories.id': 'o categorie, cu câmpurile sale',

  'help.ci.desc': 'raportați o sarcină de CI eșuată: un tichet pentru fiecare eroare distinctă, jurnal mascat',
  'help.ci.category': 'categoria tichetelor noi (implicit: categoria implicită a profilului, altfel prima)',
  'help.ci.subject': 'subiectul unui tichet nou (implicit: derivat din sarcină și din primul rând de eroare)',
  'help.ci.log': 'jurnalul sarcinii (- = intrarea standard); se păstrează doar ultimele rânduri, mascate',
  'help.ci.logLines': 'câte rânduri din jurnal se păstrează (implicit 200 sau TICKET_CI_LOG_LINES)',
  'help.ci.fingerprint': 'identificați singur eroarea în loc de amprenta depozit + flux de lucru + sarcină + primul rând de eroare',
  'help.ci.maxNew': 'cel mult atâtea tichete noi pe rularea pipeline-ului (implicit 5 sau TICKET_CI_MAX_NEW)',
  'help.ci.priority': 'prioritatea unui tichet nou (implicit normal)',
  'help.ci.tag': 'eticheta unui tichet nou (repetabil)',
  'help.ci.field': 'un câmp al categoriei (repetabil)',
  'help.ci.redactEnv': 'mascați și valoarea acestei variabile de mediu (repetabil)',
  'help.ci.repository': 'înlocuiți depozitul detectat',
  'help.ci.workflow': 'înlocuiți fluxul de lucru sau pipeline-ul detectat',
  'help.ci.job': 'înlocuiți sarcina detectată',
  'help.ci.runId': 'înlocuiți numărul rulării detectate (o rulare comentează cel mult o dată pe tichet)',
  'help.ci.runUrl': 'înlocuiți adresa rulării detectate',
  'help.ci.strict': 'eșuați (cod nenul) când eroarea nu poate fi raportată',
  'help.ci.dryRun': 'afișați amprenta, semnătura, decizia și numărul de mascări; nu trimiteți nimic',
  'help.ci.after': `
Un tichet deschis cu aceeași amprentă primește un comentariu (o dată pe rulare), unul rezolvat este redeschis,
altfel se creează un tichet. Secretele sunt mascate în jurnal înainte ca ceva să părăsească procesul.
Problemele de raportare nu fac niciodată pipeline-ul să eșueze (codul 0 sau 7 dacă e pus în coada de trimitere), în afară de --strict.
TICKET_CI_DISABLE=1 face comanda să nu aibă niciun efect.

Exemple:
  npm test 2>&1 | tee test.log || ticket ci-failure --log test.log --json
  ticket ci-failure --log - --dry-run < build.log`,
};
