// Protocol I/O for a Proxmox VE source: proxmox-api's typed API (paths and parameter types) over
// our own engine (engine.ts). Every call takes an AbortSignal; replies come back as `unknown` and
// are checked by parse.ts, because the typed API only promises shapes it never verifies.
import type {Proxmox} from 'proxmox-api';
import {PveEngine, type EngineOptions} from './engine.js';

export type GuestType = 'qemu' | 'lxc';
export type GuestCommand = 'start' | 'shutdown' | 'reboot' | 'stop' | 'reset';

/** The raw replies of one poll round. */
export type ClusterReplies = {
	readonly status: unknown;
	readonly resources: unknown;
	readonly ha: unknown;
	readonly tasks: unknown;
};

let proxmoxApiModule: Promise<typeof import('proxmox-api')> | undefined;

export class PveClient {
	readonly engine: PveEngine;

	constructor(options: EngineOptions) {
		this.engine = new PveEngine(options);
	}

	/**
	 * The typed API bound to one signal: each call made through it is bounded by that signal.
	 * proxmox-api is loaded at the first call: its module imports undici for its own engine (never
	 * used here), and a command that loads the plugin without polling should not compile either.
	 */
	async api(signal: AbortSignal, timeoutMs?: number): Promise<{readonly typed: Proxmox.Api}> {
		const engine = this.engine;
		proxmoxApiModule ??= import('proxmox-api');
		const {proxmoxApi} = await proxmoxApiModule;
		// Wrapped: the API is a Proxy that answers every property, `then` too, so it must not be a promise's value.
		const typed = proxmoxApi({
			async doRequest(method: string, path: string, _template: string, params?: Record<string, unknown>) {
				return engine.request(method, path, params, {signal, timeoutMs});
			},
		});
		return {typed};
	}

	async clusterStatus(signal: AbortSignal): Promise<unknown> {
		return (await this.api(signal)).typed.cluster.status.$get();
	}

	async clusterResources(signal: AbortSignal): Promise<unknown> {
		return (await this.api(signal)).typed.cluster.resources.$get();
	}

	async haStatus(signal: AbortSignal): Promise<unknown> {
		return (await this.api(signal)).typed.cluster.ha.status.current.$get();
	}

	async clusterTasks(signal: AbortSignal): Promise<unknown> {
		return (await this.api(signal)).typed.cluster.tasks.$get();
	}

	async nodeStatus(node: string, signal: AbortSignal): Promise<unknown> {
		return (await this.api(signal)).typed.nodes.$(node).status.$get();
	}

	async guestConfig(node: string, type: GuestType, vmid: number, signal: AbortSignal): Promise<unknown> {
		const nodeApi = (await this.api(signal)).typed.nodes.$(node);
		return type === 'qemu' ? nodeApi.qemu.$(vmid).config.$get() : nodeApi.lxc.$(vmid).config.$get();
	}

	/** Starts a power command; returns the task's UPID. Sent once: never retried. */
	async guestCommand(node: string, type: GuestType, vmid: number, command: GuestCommand, signal: AbortSignal): Promise<unknown> {
		const nodeApi = (await this.api(signal)).typed.nodes.$(node);
		if (type === 'qemu') {
			const status = nodeApi.qemu.$(vmid).status;
			switch (command) {
				case 'start': return status.start.$post();
				case 'shutdown': return status.shutdown.$post();
				case 'reboot': return status.reboot.$post();
				case 'stop': return status.stop.$post();
				case 'reset': return status.reset.$post();
			}
		}
		const status = nodeApi.lxc.$(vmid).status;
		switch (command) {
			case 'start': return status.start.$post();
			case 'shutdown': return status.shutdown.$post();
			case 'reboot': return status.reboot.$post();
			case 'stop': return status.stop.$post();
			case 'reset': throw new Error('reset is not supported for containers');
		}
	}

	/** Starts a migration; returns the task's UPID. */
	async migrate(node: string, type: GuestType, vmid: number, target: string, isRunning: boolean, signal: AbortSignal): Promise<unknown> {
		const nodeApi = (await this.api(signal)).typed.nodes.$(node);
		if (type === 'qemu') return nodeApi.qemu.$(vmid).migrate.$post({target, online: isRunning ? true : undefined});
		return nodeApi.lxc.$(vmid).migrate.$post({target, restart: isRunning ? true : undefined});
	}

	/** Shuts down or reboots a node (`POST /nodes/{node}/status`); PVE answers null, not a task. */
	async nodeCommand(node: string, command: 'shutdown' | 'reboot', signal: AbortSignal): Promise<unknown> {
		return (await this.api(signal)).typed.nodes.$(node).status.$post({command});
	}

	/** Shuts down every guest of a node (`POST /nodes/{node}/stopall`); returns the task's UPID. */
	async stopAll(node: string, timeoutSec: number, signal: AbortSignal): Promise<unknown> {
		return (await this.api(signal)).typed.nodes.$(node).stopall.$post({timeout: timeoutSec});
	}

	/** Migrates every guest of a node (`POST /nodes/{node}/migrateall`); returns the task's UPID. */
	async migrateAll(node: string, target: string, signal: AbortSignal): Promise<unknown> {
		return (await this.api(signal)).typed.nodes.$(node).migrateall.$post({target});
	}

	async taskStatus(node: string, upid: string, signal: AbortSignal): Promise<unknown> {
		return (await this.api(signal)).typed.nodes.$(node).tasks.$(upid).status.$get();
	}

	async close(): Promise<void> {
		await this.engine.close();
	}
}
