// TLS for BMCs: every BMC ships a self-signed certificate, so the connector checks the peer
// itself and names its SHA-256 fingerprint in the refusal (what `fingerprint` pins); `insecure`
// skips the check. Also maps undici's errors to the labdeck classes.
import {PinnedAgent} from '../../protocols/pinned-tls.js';

/** The BMC's agent: the shared pinned one, with refusals that say "BMC certificate". */
export function bmcAgent(options: {readonly source: string; readonly fingerprint?: string; readonly isInsecure?: boolean; readonly keepAliveTimeout: number; readonly connections: number}): PinnedAgent {
	return new PinnedAgent({...options, label: 'BMC certificate'});
}

export {mapHttpError} from '../../protocols/http-errors.js';
