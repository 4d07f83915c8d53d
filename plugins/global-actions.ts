// Actions that are not tied to one source (plans that act across plugins), one line each.
import type {ActionDef} from '../src/plugin-api.js';

export const globalActions: readonly ActionDef[] = [
];
