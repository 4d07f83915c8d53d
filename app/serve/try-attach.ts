// The first step of attaching, light enough for the console's first frame: no plugins, no lab,
// just the socket, the wire codec and the store the frame is drawn from.
// Local (Unix socket): no service, or one for another config, means polling by ourselves, quietly;
// one that cannot be used (another wire version…) is named in a notice. Remote (`--attach`): the
// operator asked for that service, so an unreachable one, a refused token or certificate is a
// one-line error; only another wire version falls back to polling by ourselves, with a notice.
import {AuthError, DeviceReplyError, UnreachableError} from '../../src/errors.js';
import type {Store} from '../../src/store.js';
import {attach, type Attached, type AttachResult} from './client.js';
import {socketPath} from './socket-path.js';

export type TryAttachOptions = {
	readonly configPath: string | null;
	readonly store: Store;
	readonly env: NodeJS.ProcessEnv;
	readonly role: 'console' | 'query';
	/** `--attach HOST:PORT` (else $LABDECK_ATTACH): a `labdeck serve --listen` over TLS. */
	readonly attach?: string | undefined;
	/** `--attach-fingerprint` (else $LABDECK_ATTACH_FINGERPRINT). */
	readonly attachFingerprint?: string | undefined;
};

/** Tries the service; `notice` is set when one answered but cannot be used. Throws (one line) when a remote service fails. */
export async function tryAttach(options: TryAttachOptions): Promise<{attached?: Attached; notice?: string}> {
	const {env, store, role, configPath} = options;
	const isRemote = Boolean(options.attach || env.LABDECK_ATTACH);
	const remote = isRemote ? (await import('./remote.js')).remoteTarget(options.attach, options.attachFingerprint, env) : undefined;
	const result: AttachResult = await attach({...(remote ? {remote} : {socketPath: socketPath(env)}), configPath, role, store, timeoutMs: remote ? 5000 : 1500});
	if ('attached' in result) return {attached: result.attached};
	if (remote) {
		if ('refused' in result && result.code === 'version') return {notice: `${result.refused}: polling by itself`};
		if ('refused' in result && result.code === 'auth') throw new AuthError({source: `--attach ${remote.address}`, operation: 'token'}, `the service refused the token in $LABDECK_ATTACH_TOKEN`);
		if ('refused' in result && result.error) throw result.error;
		const context = {source: `--attach ${remote.address}`, operation: 'attach'};
		if ('refused' in result && result.code === 'connect') throw new UnreachableError(context, result.refused);
		throw new DeviceReplyError(context, 'refused' in result ? result.refused : result.absent);
	}
	if ('refused' in result && result.code !== 'config') return {notice: `${result.refused}: polling by itself`};
	return {};
}
