// Where `labdeck serve` listens and where consoles look for it: $LABDECK_SOCKET, else
// $XDG_RUNTIME_DIR/labdeck.sock, else <state dir>/run/labdeck.sock (a 0700 directory) when the
// session has no runtime directory (a cron job, a su shell).
import path from 'node:path';
import {stateDir} from '../../src/paths.js';

export function socketPath(env: NodeJS.ProcessEnv = process.env): string {
	if (env.LABDECK_SOCKET) return path.resolve(env.LABDECK_SOCKET);
	if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'labdeck.sock');
	return path.join(stateDir(env), 'run', 'labdeck.sock');
}
