// A machine's detail beyond its own readings: the guests it runs (a Proxmox node's), its GPUs
// (with the guest or processes using each) and its storage. A machine seen through several
// sources (a node over the API and over SSH, listed in one topology device) shows them all.
import type {Entity, GpuEntity, GuestEntity, HostEntity, StorageEntity} from '../entities.js';
import {percent} from '../entities.js';
import {formatBytesOf, formatPercent} from '../format.js';
import {gpuOwner} from '../topology.js';
import type {DetailSection, KindContext} from './kind-module.js';
import {usageTone} from './tones.js';

/** The host entities that are this machine: itself and those in its topology device. */
function machineHosts(host: HostEntity, context: KindContext): HostEntity[] {
	const device = context.topology.devices.find(candidate => candidate.entities.includes(host.id));
	const ids = new Set([host.id, ...(device?.entities ?? [])]);
	return [...ids].map(id => context.snapshot.entities.get(id)).filter((entity): entity is HostEntity => entity?.kind === 'host');
}

export function machineSections(host: HostEntity, context: KindContext): DetailSection[] {
	const hosts = machineHosts(host, context);
	const nodes = hosts.filter(candidate => candidate.role === 'node');
	const isOn = (entity: Entity & {node: string}) => nodes.some(node => node.source === entity.source && node.localId === entity.node);
	const guests = (context.snapshot.byKind.guest as readonly GuestEntity[]).filter(isOn).sort((a, b) => a.vmid - b.vmid);
	const storage = (context.snapshot.byKind.storage as readonly StorageEntity[]).filter(isOn);
	const device = context.topology.devices.find(candidate => candidate.entities.includes(host.id));
	const names = new Set(hosts.map(candidate => candidate.name));
	const gpus = (context.snapshot.byKind.gpu as readonly GpuEntity[]).filter(gpu => device?.entities.includes(gpu.id) || names.has(gpu.host));
	const sections: DetailSection[] = [];
	if (nodes.length > 0) {
		const running = guests.filter(guest => guest.status === 'running').length;
		sections.push({
			title: `guests (${running} running of ${guests.length})`,
			lines: guests.length === 0 ? [{text: 'none', tone: 'muted'}] : guests.map(guest => ({
				text: `${String(guest.vmid).padEnd(6)} ${guest.guestType === 'qemu' ? 'vm' : 'ct'} ${guest.name.padEnd(20)} ${guest.status.padEnd(8)} ${formatPercent(guest.cpuPercent)} cpu · ${formatBytesOf(guest.memory.usedBytes, guest.memory.maxBytes)}`,
				tone: guest.status === 'running' ? 'plain' : 'muted',
			})),
		});
	}
	if (gpus.length > 0) {
		sections.push({
			title: `GPUs (${gpus.length})`,
			lines: gpus.map(gpu => {
				const owner = gpuOwner(context.snapshot, gpu);
				const use = owner ? `→ ${owner.vmid} ${owner.name}` : gpu.processes.length > 0 ? `${gpu.processes.length} processes` : 'idle';
				return {text: `${gpu.localId.padEnd(3)} ${gpu.name.padEnd(28)} ${formatPercent(gpu.utilization.gpu)} · ${use}`};
			}),
		});
	}
	if (storage.length > 0) {
		sections.push({
			title: 'storage',
			lines: storage.map(item => ({text: `${item.name.padEnd(16)} ${(item.storageType ?? '').padEnd(8)} ${formatBytesOf(item.usedBytes, item.totalBytes)}`, tone: usageTone(percent(item.usedBytes, item.totalBytes))})),
		});
	}
	return sections;
}
