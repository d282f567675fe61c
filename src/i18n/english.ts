import { en } from './messages/en/index.js';
import { fill, type Msg } from './msg.js';

/** The English text of a message: what JSON, logs and `Error.message` carry. */
export function english(m: Msg): string {
  return fill(en, en, m);
}
