// TLS for BMCs: every BMC ships a self-signed certificate, so the connector checks the peer
// itself and names its SHA-256 fingerprint in the refusal (what `fingerprint` pins); `insecure`
// skips the check. Also maps undici's errors to the labdeck classes.
import type {buildConnector} from 'undici';
import {pinnedConnector as sharedConnector} from '../../protocols/pinned-tls.js';

/** The BMC connector: the shared pinned connector, with refusals that say "BMC certificate". */
export function pinnedConnector(options: {readonly source: string; readonly fingerprint?: string; readonly isInsecure?: boolean}): buildConnector.connector {
	return sharedConnector({...options, label: 'BMC certificate'});
}

export {mapHttpError} from '../../protocols/http-errors.js';
