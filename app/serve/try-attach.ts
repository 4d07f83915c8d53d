// The first step of attaching, light enough for the console's first frame: no plugins, no lab,
// just the socket, the wire codec and the store the frame is drawn from.
import type {Store} from '../../src/store.js';
import {attach, type Attached, type AttachResult} from './client.js';
import {socketPath} from './socket-path.js';

/** Tries the service; `notice` is set when one answered but cannot be used (another version…). */
export async function tryAttach(configPath: string | null, store: Store, env: NodeJS.ProcessEnv, role: 'console' | 'query'): Promise<{attached?: Attached; notice?: string}> {
	const result: AttachResult = await attach({socketPath: socketPath(env), configPath, role, store, timeoutMs: 1500});
	if ('attached' in result) return {attached: result.attached};
	if ('refused' in result && result.code !== 'config') return {notice: `${result.refused}: polling by itself`};
	return {};
}

