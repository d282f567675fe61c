// English, priorities, justification and the emergency contact.
export const priority = {
  'prio.unknown': '{flag}: unknown priority "{value}".',
  'prio.unknown.hint': 'Use one of: {words}.',
  'prio.justification.missing': 'A {priority} priority needs a justification: pass {flag} TEXT.',
  'prio.justification.missing.hint':
    'Say in one line why it cannot wait (what is stopped, who is affected). A profile that does not ask for it: `ticket config set requireJustification false`.',
  'prio.emergency.filed': 'This ticket is urgent: if work is stopped, call the emergency contact as well: {contact}',
  'prio.emergency.failed': 'This urgent ticket could not be filed. Emergency contact: {contact}',
  'prio.flag.justification': 'why the priority is high or urgent (needed for them unless the profile sets requireJustification false)',
  'prio.flag.ciPriority': 'priority of a new ticket (default: the profile\'s ciPriority, else low)',
} as const;
