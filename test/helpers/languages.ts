import { loadLanguage } from '../../src/i18n/messages.js';
import { LANGUAGES } from '../../src/i18n/lang.js';

// Tests call renderers and operations directly in any language; the CLI loads the one language of
// each invocation (src/cli/run.ts), tests load them all once.
await Promise.all(LANGUAGES.map(loadLanguage));
