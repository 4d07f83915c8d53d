// `host.wake`: sends the magic packet for each target, one after another. Low risk: waking a
// machine that is already up does nothing.
import {ActionRefusedError} from '../../src/errors.js';
import type {ActionDef} from '../../src/plugin-api.js';
import {sendMagicPacket} from './client.js';
import type {WolHost} from './parse.js';

/** Time budget of one packet; the whole action gets one per target plus a margin. */
export const sendTimeoutMs = 2000;

function where(host: WolHost): string {
	return `${host.name} (${host.mac}) via ${host.broadcast}:${host.port}`;
}

export function wolActions(source: string, hosts: readonly WolHost[]): ActionDef[] {
	const byName = new Map(hosts.map(host => [host.name, host]));
	return [
		{
			id: 'host.wake',
			kind: 'host',
			label: 'Wake (Wake-on-LAN)',
			risk: 'low',
			timeoutMs: sendTimeoutMs * Math.max(1, hosts.length) + 1000,
			appliesTo: entity => entity.source === source && byName.has(entity.localId),
			describe: targets => targets.flatMap(target => {
				const host = byName.get(target.localId);
				return host ? [`send a Wake-on-LAN magic packet for ${where(host)}`] : [];
			}),
			validate(targets) {
				const unknown = targets.filter(target => target.source !== source || !byName.has(target.localId));
				return unknown.length > 0 ? `no MAC configured in ${source} for ${unknown.map(target => target.name).join(', ')}` : undefined;
			},
			async run(targets, context) {
				const sent: WolHost[] = [];
				for (const target of targets) {
					const host = target.source === source ? byName.get(target.localId) : undefined;
					if (!host) throw new ActionRefusedError({source, operation: 'host.wake'}, 'invalid', `no MAC configured for ${target.name}`);
					context.signal.throwIfAborted();
					await sendMagicPacket({mac: host.mac, address: host.broadcast, port: host.port}, {signal: context.signal, timeoutMs: sendTimeoutMs, context: {source, operation: `host.wake ${host.name}`}});
					sent.push(host);
					context.progress(`magic packet sent to ${host.name}`);
				}
				return {
					ok: true,
					message: `magic packet sent to ${sent.map(where).join(', ')} (Wake-on-LAN cannot confirm the machine woke)`,
					details: {sent: sent.map(host => ({name: host.name, mac: host.mac, address: host.broadcast, port: host.port}))},
				};
			},
		},
	];
}
