// ssh2, loaded with require: it is CommonJS (with a native crypto addon), and Node's ESM loader
// scans a CommonJS package for its exports before importing it, which costs start-up time.
import {createRequire} from 'node:module';
import type ssh2Module from 'ssh2';

const ssh2 = createRequire(import.meta.url)('ssh2') as typeof ssh2Module;
export default ssh2;
