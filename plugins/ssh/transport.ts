// The ssh source as a CommandTransport for other sources (`via`), and the link from a transport
// back to its session, so another ssh source can use it as a jump host.
import type {CommandTransport} from '../../src/plugin-api.js';
import {shellQuote, type SshSession} from './client.js';

const sessions = new WeakMap<CommandTransport, SshSession>();

export function sshTransport(session: SshSession, hostName: () => string): CommandTransport {
	const transport: CommandTransport = {
		get host() {
			return hostName();
		},
		exec(argv, options) {
			return session.exec(argv.map(shellQuote).join(' '), options);
		},
	};
	sessions.set(transport, session);
	return transport;
}

/** The SSH session behind a transport, when it is an ssh source's (for `jump`). */
export function sessionOf(transport: CommandTransport | undefined): SshSession | undefined {
	return transport ? sessions.get(transport) : undefined;
}
