// One poll of a upsd server. The requests are pipelined: LIST UPS together with LIST VAR (and,
// when due, LIST CMD) for the UPSes seen last time, then one more batch only for UPSes that just
// appeared. A UPS whose reply is an ERR (DATA-STALE, DRIVER-NOT-CONNECTED…) or whose status is
// WAIT is left out and named in `partial`, so the store keeps its last-known entity as stale.
import type {EntityDraft} from '../../src/entities.js';
import type {PollResult} from '../../src/plugin-api.js';
import type {ListRequest, NutClient} from './client.js';
import {entitiesFromVars, hasNoData, ownerId} from './parse.js';

/** Re-read a UPS's command list this often (it changes only when the driver restarts). */
const commandsMaxAgeMs = 5 * 60_000;

export type NutPoller = {
	poll(signal: AbortSignal): Promise<PollResult>;
	/** Owner entity id (ups or pdu) → instant commands upsd lists for it. */
	readonly commands: ReadonlyMap<string, readonly string[]>;
};

export function createNutPoller(source: string, client: NutClient, only: readonly string[] | undefined, now: () => number = Date.now): NutPoller {
	const commands = new Map<string, readonly string[]>();
	const commandsReadAt = new Map<string, number>();
	const onBatterySince = new Map<string, number>();
	let known: string[] = [];

	const requestsFor = (names: readonly string[], at: number): ListRequest[] => [
		...names.map(name => ({what: 'VAR', args: [name]})),
		...names.filter(name => at - (commandsReadAt.get(name) ?? -Infinity) > commandsMaxAgeMs).map(name => ({what: 'CMD', args: [name]})),
	];

	return {
		commands,
		async poll(signal) {
			const at = now();
			const batch: ListRequest[] = [{what: 'UPS', args: []}, ...requestsFor(known, at)];
			const first = await client.listMany(batch, {signal});
			const upsList = first[0];
			if (!upsList || upsList instanceof Error) throw upsList ?? new Error('no reply to LIST UPS');
			const names = upsList.map(words => words[1] ?? '').filter(name => name && (!only || only.includes(name)));
			const replies = new Map<string, string[][] | Error>();
			for (const [index, request] of batch.entries()) if (index > 0) replies.set(`${request.what} ${request.args[0]}`, first[index]!);
			const fresh = names.filter(name => !known.includes(name));
			if (fresh.length > 0) {
				const more = requestsFor(fresh, at);
				const results = await client.listMany(more, {signal});
				for (const [index, request] of more.entries()) replies.set(`${request.what} ${request.args[0]}`, results[index]!);
			}
			known = names;

			const entities: EntityDraft[] = [];
			const stale: string[] = [];
			for (const name of names) {
				const cmd = replies.get(`CMD ${name}`);
				const reply = replies.get(`VAR ${name}`);
				if (!reply) continue;
				if (reply instanceof Error) {
					stale.push(`${name}: ${'code' in reply ? `ERR ${String(reply.code)}` : reply.message}`);
					continue;
				}
				const vars = Object.fromEntries(reply.filter(words => words.length >= 4).map(words => [words[2]!, words[3]!]));
				if (hasNoData(vars)) {
					stale.push(`${name}: the driver has no data yet`);
					continue;
				}
				const id = ownerId({source, ups: name}, vars);
				if (cmd && !(cmd instanceof Error)) {
					commands.set(id, cmd.map(words => words[2] ?? '').filter(Boolean));
					commandsReadAt.set(name, at);
				}
				const isOnBattery = /(^|\s)OB(\s|$)/.test(vars['ups.status'] ?? '');
				if (isOnBattery && !onBatterySince.has(id)) onBatterySince.set(id, at);
				if (!isOnBattery) onBatterySince.delete(id);
				const since = onBatterySince.get(id);
				const facts = {source, ups: name, timeOnBatterySec: since === undefined ? null : Math.round((at - since) / 1000)};
				entities.push(...entitiesFromVars(facts, vars));
			}
			if (stale.length === 0) return {entities};
			return {entities, partial: `${source}: stale UPS data (${stale.join('; ')}); last-known values kept`};
		},
	};
}
