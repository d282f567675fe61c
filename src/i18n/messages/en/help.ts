// English, `--help`: command, argument and option descriptions.
export const help = {
  'help.arg.id': 'ticket id',

  'help.create.desc': 'file a ticket non-interactively (on a terminal, missing inputs are asked for)',
  'help.create.after': `
Examples:
  ticket create -c DMS -s "Order total wrong" -b "..." -f site=Paris -f "Type de document=Commande atelier" -f document_number=123456
  make 2>&1 | ticket create -c IT -s "Build broken" --body-file - --priority high --json`,
  'help.create.category': 'category (see `ticket categories`)',
  'help.create.subject': 'short summary (the backend limits its length)',
  'help.create.body': 'description',
  'help.create.bodyFile': 'read the description from a file (- = standard input)',
  'help.create.priority': 'low | normal | high | urgent (default normal)',
  'help.create.type': 'incident | question | feature',
  'help.create.field': 'a field of the category, by key or label (repeatable)',
  'help.create.attach': 'attach a file (repeatable)',
  'help.create.cc': 'copy someone (repeatable)',
  'help.create.tag': 'add a tag (repeatable)',
  'help.create.dedupeKey': 'if an open ticket has this key, add the body to it as a reply instead',
  'help.create.dryRun': 'validate and print what would be sent; nothing is written',
  'help.create.yes': 'do not ask for confirmation',
  'help.create.noKb': 'skip the knowledge-base search (wizard)',
  'help.create.noDiagnostics': 'skip the diagnostics (wizard)',

  'help.new.desc': 'guided filing: diagnostics, knowledge base, then the category form (drafts survive Ctrl-C)',
  'help.new.resume': 'continue a saved draft (the latest one without an id; see `ticket drafts list`)',
  'help.new.after': `
Steps: category · diagnostics · subject and knowledge base · the category's fields and the description ·
       priority · type, attachments, CC, contact · one request = one ticket · review and submit.
Any flag of \`ticket create\` answers its question in advance (--category, --subject, --field, --priority,
--no-kb, --no-diagnostics...). Every answer is saved to a draft; Ctrl-C exits with 130 and tells how to resume.

Examples:
  ticket new
  ticket new --category DMS --field site=Lyon --no-diagnostics
  ticket new --resume`,

  'help.list.desc': 'tickets, newest first',
  'help.filter.status': 'new, open, pending, on-hold, solved, closed',
  'help.filter.category': 'only this category',
  'help.filter.requester': 'filed by this person',
  'help.filter.mine': 'filed by me',
  'help.filter.since': 'created since: 7d, 12h, 2w or a date (2026-11-01)',
  'help.filter.search': 'text in the subject or body',
  'help.filter.sort': 'created | updated (newest first) (default: "created")',
  'help.filter.query': 'backend-native query passed through (TicketSQL for RT, Zendesk search syntax...)',
  'help.list.limit': 'at most n tickets (0 = all) (default: "30")',
  'help.list.format': 'table | json | jsonl | csv (default: table on a terminal, tab-separated when piped)',
  'help.list.after': `
Examples:
  ticket list --status open,pending --since 7d
  ticket list --mine --format csv > mine.csv
  ticket list --json --limit 0 | jq length`,

  'help.bulk.desc': 'change many tickets at once (ids, filters, a query, or lines on stdin)',
  'help.bulk.ids': 'targets: comma-separated ticket ids',
  'help.bulk.whereStatus': 'targets: tickets in these statuses (the `list --status` filter)',
  'help.bulk.category': 'targets: tickets of this category',
  'help.bulk.requester': 'targets: tickets filed by this person',
  'help.bulk.mine': 'targets: my tickets',
  'help.bulk.since': 'targets: created since 7d | 12h | 2026-11-01',
  'help.bulk.search': 'targets: full-text search',
  'help.bulk.query': 'targets: a backend-native query (TicketSQL, Zendesk search, JQL...)',
  'help.bulk.limit': 'with filters: at most this many targets (default 0 = all)',
  'help.bulk.status': 'change: set this status',
  'help.bulk.setStatus': 'change: same as --status',
  'help.bulk.priority': 'change: set this priority',
  'help.bulk.comment': 'change: add this public comment with the change',
  'help.bulk.field': 'change: set a field (repeatable)',
  'help.bulk.dryRun': 'print the plan (id, from, to); change nothing',
  'help.bulk.yes': 'do not ask for confirmation on a terminal',
  'help.bulk.max': 'refuse to touch more than this many tickets',
  'help.bulk.concurrency': 'parallel requests when the backend has no bulk endpoint (default 8)',
  'help.bulk.after': `
Targets come from --ids, from filters (--where-status, --category, --requester, --mine, --since,
--search) or --query, or else from standard input: one id per line, or JSON lines with per-ticket
changes: {"id":"42","status":"solved","priority":"high","comment":"...","fields":{"site":"Paris"}}.
In bulk, --status is the change; filter on status with --where-status.

A ticket already in the target state is "unchanged" (its comment is not added again), so running the
same command again after an interruption finishes the job without doing anything twice.
Output: one JSON line per ticket on stdout, a summary on stderr; exit 8 when some failed.

Examples:
  ticket bulk --ids 12,13,14 --status solved --comment "Fixed in 4.2" --yes
  ticket bulk --where-status pending --since 30d --status closed --dry-run
  ticket list --status new --format jsonl | jq -c '{id, priority:"high"}' | ticket bulk --max 500`,

  'help.show.desc': 'one ticket with its conversation',
  'help.show.noComments': 'without the conversation',
  'help.show.raw': 'message bodies as stored (no Markdown rendering)',
  'help.show.web': 'open the ticket in the browser instead (like `ticket browse`)',

  'help.update.desc': 'change status, priority, fields, CCs',
  'help.update.status': 'new | open | pending | on-hold | solved | closed',
  'help.update.priority': 'low | normal | high | urgent',
  'help.update.field': 'set a field of the category (repeatable)',
  'help.update.removeCc': 'stop copying someone (repeatable)',
  'help.update.subject': 'new subject',

  'help.reply.desc': 'add a public reply (body from --body, --body-file, standard input or $EDITOR)',
  'help.reply.body': 'the reply',
  'help.reply.bodyFile': 'read the reply from a file (- = standard input)',

  'help.close.desc': 'mark a ticket solved (or closed), with an optional closing comment',
  'help.close.comment': 'a closing comment, added as a public reply',
  'help.close.status': 'solved | closed (default: "solved")',

  'help.reopen.desc': 'reactivate a solved/closed ticket; after the backend window, open a linked follow-up instead',
  'help.reopen.comment': 'why it is back',

  'help.browse.desc': 'open the ticket in the browser (prints the URL off a terminal)',
  'help.browse.noBrowser': 'print the URL instead of opening it',
  'help.browse.after': `
Opens the ticket's web page with $BROWSER, open (macOS), start (Windows) or xdg-open. Off a
terminal, with --json, or when no opener is available, the URL is printed instead. Tickets of the
local backend have no web page: exit 2.`,

  'help.download.desc': "fetch a ticket's attachments",
  'help.download.name': 'only attachments whose name matches (*.log, report-??.pdf)',
  'help.download.dir': 'save into this folder (default: the current one)',
  'help.download.force': 'replace files that already exist',
  'help.download.after': `
Files are streamed to disk under a sanitised name (no path, no "..", no control characters) and
never replace an existing file without --force (exit 2, nothing downloaded). Prints each saved
path (JSON with --json); a progress bar on a terminal for files over 1 MB.`,

  'help.categories.desc': 'categories and their field schemas',
  'help.categories.id': 'one category, with its fields',

  'help.ci.desc': 'report a failed CI job: one ticket per distinct failure, redacted log',
  'help.ci.category': 'category of new tickets (default: the profile default category, else the first one)',
  'help.ci.subject': 'subject of a new ticket (default: derived from the job and the first error line)',
  'help.ci.log': 'the job log (- = standard input); only the last lines are kept, redacted',
  'help.ci.logLines': 'how many lines of the log to keep (default 200, or TICKET_CI_LOG_LINES)',
  'help.ci.fingerprint': 'identify the failure yourself instead of hashing repository + workflow + job + first error line',
  'help.ci.maxNew': 'at most this many new tickets per pipeline run (default 5, or TICKET_CI_MAX_NEW)',
  'help.ci.priority': 'priority of a new ticket (default normal)',
  'help.ci.tag': 'tag for a new ticket (repeatable)',
  'help.ci.field': 'a field of the category (repeatable)',
  'help.ci.redactEnv': 'also redact the value of this environment variable (repeatable)',
  'help.ci.repository': 'override the detected repository',
  'help.ci.workflow': 'override the detected workflow / pipeline',
  'help.ci.job': 'override the detected job',
  'help.ci.runId': 'override the detected run id (a run comments at most once per ticket)',
  'help.ci.runUrl': 'override the detected run URL',
  'help.ci.strict': 'fail (non-zero exit) when the failure cannot be filed',
  'help.ci.dryRun': 'print the fingerprint, signature, decision and redaction counts; send nothing',
  'help.ci.after': `
An open ticket with the same fingerprint gets a comment (once per run), a solved one is reopened,
otherwise a ticket is created. Secrets are redacted from the log before anything leaves the process.
Filing problems never fail the pipeline (exit 0, or 7 when queued to the outbox) unless --strict.
TICKET_CI_DISABLE=1 turns the command into a no-op.

Examples:
  npm test 2>&1 | tee test.log || ticket ci-failure --log test.log --json
  ticket ci-failure --log - --dry-run < build.log`,
} as const;
