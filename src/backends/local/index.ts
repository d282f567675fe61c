import type { Backend } from '../backend.js';
import type { BackendContext } from '../registry.js';
export function createLocalBackend(bc: BackendContext): Backend {
  void bc;
  throw new Error('not implemented');
}
