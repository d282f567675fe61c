// English, contact details, requester, clipboard attachments.
export const contact = {
  // the profile's contact details
  'req.invalid.control': '{key} must not contain control characters.',
  'req.invalid.email': '"{value}" is not an e-mail address.',
  'req.invalid.phone': '"{value}" is not a phone number (digits, spaces and + - . ( ) / only).',
  'req.invalid.name': 'The name is longer than {max} characters.',
  'req.invalid.hint': 'Example: ticket config set {key} {example}',
  'req.fromProfile': 'Contact: {contact} (from your profile; change it in the review)',
  'req.ask.intro': 'Your contact details are saved to your profile and used for the next tickets too.',
  'req.saved': 'Contact details saved to the profile "{profile}" (`ticket config set name|email|phone` changes them).',
  // --requester: filing on behalf of someone
  'req.flag.requester': 'file on behalf of this person (agents; only where the backend allows it)',
  'req.requester.invalid': '--requester: "{value}" is not an e-mail address.',
  'req.requester.invalid.hint': 'Example: --requester jane@example.com',
  'req.onBehalf.refused': '{backend} cannot file a ticket on behalf of someone else with this profile.',
  'req.onBehalf.hint': 'Leave out --requester: the ticket is filed as you, the signed-in user.',
  'req.onBehalf.hint.zendesk': 'Leave out --requester (the ticket is filed as you), or use an agent profile: `ticket config set mode agent`.',
  'req.onBehalf.rtHidden': 'RT created ticket #{id} for {requester}, but this account may not see it (it sees only the tickets it requests).',
  'req.onBehalf.rtHidden.hint': 'Do not file it again: ask an RT administrator for the ShowTicket right in the queue to file for others, or leave out --requester.',
  'req.onBehalf.jsmType': 'Request type {type} does not let this account raise requests on behalf of someone else.',
  'req.onBehalf.notApplied': '{backend} created ticket #{id} with the requester {actual}, not {requested}.',
  'req.onBehalf.notApplied.hint': 'See `ticket show {id}`; the account may lack the right to file for others.',
  // --attach-clipboard
  'req.flag.clipboard': 'attach the image on the clipboard (wl-paste, xclip or pngpaste)',
  'req.clip.noTool': 'No tool to read an image from the clipboard was found.',
  'req.clip.noTool.hint': 'Install wl-clipboard (wl-paste, Wayland) or xclip (X11); on macOS, pngpaste (`brew install pngpaste`). Or save the screenshot and use --attach FILE.',
  'req.clip.empty': 'The clipboard holds no image ({tool} found none).',
  'req.clip.empty.hint': 'Copy a screenshot first (or save it and use --attach FILE).',
  'req.clip.failed': '{tool} could not read the clipboard: {reason}',
  'req.clip.tooBig': 'The image on the clipboard is larger than the backend accepts ({max} per file).',
  'req.clip.keyword': ':p pastes a screenshot',
  'req.clip.added': 'Screenshot from the clipboard: {name} ({size})',
  // fields that depend on the ticket type
  'req.type.hidden': '{label} applies only to tickets of type {types}.',
  'req.type.hidden.hint': 'Pass --type {first} to file that kind of ticket, or leave out --field {key}.',
} as const;
