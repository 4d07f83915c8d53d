// ssh2, loaded with require at its first use: it is CommonJS (with a native crypto addon), and
// Node's ESM loader scans a CommonJS package for its exports before importing it, which costs
// start-up time; and a command that loads the plugin without connecting (`config check`, a
// one-shot answered by `labdeck serve`) should not compile it at all (≈ 20 ms).
import {createRequire} from 'node:module';
import type ssh2Module from 'ssh2';

let loaded: typeof ssh2Module | undefined;

export function ssh2(): typeof ssh2Module {
	loaded ??= createRequire(import.meta.url)('ssh2') as typeof ssh2Module;
	return loaded;
}
