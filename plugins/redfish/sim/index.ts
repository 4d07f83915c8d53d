// The simulator starter for tests, the bench and the demo lab: N simulated BMCs, each serving one
// of the fixture shapes (or a corpus directory), with their ports, fingerprints and credentials,
// one event emitter for power changes (`power`: PowerEvent), and the `psu-failure` scenario.
import {EventEmitter} from 'node:events';
import {join} from 'node:path';
import type {PowerEvent} from './model.js';
import {startBmcSimulator, type BmcSimulator} from './server.js';
import {loadTree} from './tree.js';

export type {BmcSimulator} from './server.js';
export type {PowerEvent} from './model.js';

/** The fixture shapes in `fixtures/redfish/`, one per vendor generation. */
export const bmcShapes = ['ilo4', 'ilo5', 'idrac8', 'idrac9', 'idrac10', 'cimc-m4', 'cimc-m6', 'supermicro-x11', 'supermicro-x12'] as const;
export type BmcShape = (typeof bmcShapes)[number];

export type BmcSpec = {
	/** Name of the BMC (its events say it). */
	readonly name: string;
	/** A fixture shape, or `dir` for a tree elsewhere (a corpus directory). */
	readonly shape?: BmcShape;
	readonly dir?: string;
	readonly latencyMs?: number;
	readonly allowBasic?: boolean;
	readonly hasSessions?: boolean;
	/** The host name the systems report (`HostName`), as a BMC learns it from its machine's OS. */
	readonly hostName?: string;
};

export type BmcLab = {
	readonly bmcs: readonly BmcSimulator[];
	/** `power` events of every BMC: {bmc, system, isOn, resetType}. */
	readonly events: EventEmitter;
	bmc(name: string): BmcSimulator;
	/** The `psu-failure` scenario on one BMC: a supply fails (redundancy lost), then after `fanDelayMs` a fan. */
	psuFailure(name: string, fanDelayMs: number): void;
	stop(): Promise<void>;
};

export async function startBmcLab(specs: readonly BmcSpec[], options: {fixturesDir: string; events?: EventEmitter}): Promise<BmcLab> {
	const events = options.events ?? new EventEmitter();
	const bmcs: BmcSimulator[] = [];
	const timers = new Set<NodeJS.Timeout>();
	try {
		for (const spec of specs) {
			const location = spec.dir ?? join(options.fixturesDir, 'redfish', `${spec.shape ?? 'idrac9'}.json`);
			const tree = await loadTree(location);
			if (spec.hostName !== undefined) for (const resource of tree.values()) if ('HostName' in resource) resource.HostName = spec.hostName;
			bmcs.push(await startBmcSimulator({name: spec.name, tree, events, latencyMs: spec.latencyMs, allowBasic: spec.allowBasic, hasSessions: spec.hasSessions}));
		}
	} catch (error) {
		await Promise.all(bmcs.map(async bmc => bmc.stop()));
		throw error;
	}
	const bmc = (name: string): BmcSimulator => {
		const found = bmcs.find(item => item.name === name);
		if (!found) throw new Error(`no simulated BMC named ${name}`);
		return found;
	};
	return {
		bmcs, events, bmc,
		psuFailure(name, fanDelayMs) {
			const target = bmc(name);
			target.failPsu(0);
			const timer = setTimeout(() => {
				timers.delete(timer);
				target.failFan(0);
			}, fanDelayMs);
			timers.add(timer);
		},
		async stop() {
			for (const timer of timers) clearTimeout(timer);
			await Promise.all(bmcs.map(async item => item.stop()));
		},
	};
}

export function onPower(lab: BmcLab, listener: (event: PowerEvent) => void): () => void {
	lab.events.on('power', listener);
	return () => lab.events.off('power', listener);
}
