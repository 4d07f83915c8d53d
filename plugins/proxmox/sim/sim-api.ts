// The PVE API paths the simulator answers (under /api2/json), as PVE 8 shapes them: read views of
// the state and the guest commands that start tasks. Throws SimApiError for API errors.
import {SimApiError, type SimGuest, type SimState} from './sim-state.js';

type Params = Readonly<Record<string, string>>;

export function handleApi(state: SimState, method: string, path: string, params: Params, user: string): unknown {
	state.advance();
	const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
	const route = `${method} /${parts.map((part, index) => (index % 2 === 1 && parts[0] === 'nodes' ? '*' : part)).join('/')}`;
	if (method === 'GET' && path === '/version') return {version: state.version, release: state.version.split('.').slice(0, 2).join('.'), repoid: '3e76eec21c4a14a7'};
	if (method === 'GET' && path === '/cluster/status') return clusterStatus(state);
	if (method === 'GET' && path === '/cluster/resources') return resources(state, params.type);
	if (method === 'GET' && path === '/cluster/ha/status/current') return haStatus(state);
	if (method === 'GET' && path === '/cluster/tasks') return clusterTasks(state);
	if (parts[0] !== 'nodes' || !parts[1]) throw new SimApiError(501, `Method '${method} ${path}' not implemented`);
	const node = state.node(parts[1]);
	if (!node) throw new SimApiError(500, `no such node '${parts[1]}'`);
	if (!node.isOnline) throw new SimApiError(595, 'Errors during connection establishment, proxy handshake: No route to host');
	if (route === 'GET /nodes/*/status') return nodeStatus(state, node.name);
	if (route === 'GET /nodes/*/tasks/*/status') return taskStatus(state, parts[3]!);
	if (route === 'POST /nodes/*/status') return nodePower(state, node.name, params.command);
	if (route === 'POST /nodes/*/stopall') return stopAll(state, node.name, user);
	if (route === 'POST /nodes/*/migrateall') return migrateAll(state, node.name, params.target ?? '', user);
	const type = parts[2];
	const vmid = Number(parts[3]);
	if ((type !== 'qemu' && type !== 'lxc') || !Number.isInteger(vmid)) throw new SimApiError(501, `Method '${method} ${path}' not implemented`);
	const guest = state.guests.get(vmid);
	if (!guest || guest.node !== node.name || guest.type !== type) throw new SimApiError(500, `Configuration file 'nodes/${node.name}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf' does not exist`);
	const verb = parts.slice(4).join('/');
	if (method === 'GET' && verb === 'config') return guestConfig(guest);
	if (method === 'GET' && verb === 'status/current') return {...guestRow(state, guest), qmpstatus: guest.status};
	if (method === 'POST' && verb.startsWith('status/')) return command(state, guest, verb.slice(7), user);
	if (method === 'POST' && verb === 'migrate') return migrate(state, guest, params, user);
	throw new SimApiError(501, `Method '${method} ${path}' not implemented`);
}

function clusterStatus(state: SimState): unknown[] {
	const rows: unknown[] = [];
	if (state.isCluster) rows.push({id: 'cluster', type: 'cluster', name: state.clusterName, nodes: state.nodes.length, quorate: state.isQuorate ? 1 : 0, version: 7});
	state.nodes.forEach((node, index) => rows.push({
		id: `node/${node.name}`, type: 'node', name: node.name, nodeid: index + 1, ip: node.ip, online: node.isOnline ? 1 : 0, level: '', local: index === 0 ? 1 : 0,
	}));
	return rows;
}

function guestRow(state: SimState, guest: SimGuest): Record<string, unknown> {
	const now = state.now();
	const node = state.node(guest.node);
	const base = {id: `${guest.type}/${guest.vmid}`, type: guest.type, vmid: guest.vmid, name: guest.name, node: guest.node, template: guest.template ?? 0, maxcpu: guest.maxcpu, maxmem: guest.maxmem, maxdisk: guest.maxdisk};
	const extra: Record<string, unknown> = {};
	if (guest.tags) extra.tags = guest.tags;
	if (guest.pool) extra.pool = guest.pool;
	if (guest.ha) extra.hastate = state.isQuorate && node?.isOnline ? (guest.status === 'running' ? 'started' : 'stopped') : 'fence';
	if (guest.lock) extra.lock = guest.lock;
	if (!node?.isOnline) return {...base, ...extra, status: 'unknown'};
	const isRunning = guest.status === 'running';
	return {
		...base, ...extra,
		status: guest.status,
		cpu: isRunning ? state.guestCpu(guest, now) : 0,
		mem: isRunning ? state.guestMem(guest, now) : 0,
		disk: guest.type === 'qemu' ? 0 : guest.disk ?? 0,
		uptime: isRunning ? Math.floor((now - guest.startedAt) / 1000) : 0,
		...(isRunning ? guest.counters : {netin: 0, netout: 0, diskread: 0, diskwrite: 0}),
	};
}

function resources(state: SimState, type: string | undefined): unknown[] {
	const now = state.now();
	const rows: unknown[] = [];
	if (!type) for (const pool of state.pools) rows.push({id: `/pool/${pool}`, type: 'pool', pool});
	if (!type || type === 'node') {
		for (const node of state.nodes) {
			if (!node.isOnline) {
				rows.push({id: `node/${node.name}`, type: 'node', node: node.name, status: 'offline', level: ''});
				continue;
			}
			const guests = [...state.guests.values()].filter(guest => guest.node === node.name && guest.status === 'running');
			const busy = guests.reduce((sum, guest) => sum + state.guestCpu(guest, now) * guest.maxcpu, 0);
			const mem = guests.reduce((sum, guest) => sum + state.guestMem(guest, now), node.baseMem);
			rows.push({
				id: `node/${node.name}`, type: 'node', node: node.name, status: 'online', level: '', 'cgroup-mode': 2,
				cpu: Math.min(1, node.baseCpu + busy / node.maxcpu), maxcpu: node.maxcpu,
				mem: Math.min(mem, node.maxmem), maxmem: node.maxmem,
				disk: Math.round(node.maxdisk * 0.18), maxdisk: node.maxdisk,
				uptime: Math.floor((now - node.bootAt) / 1000),
			});
		}
	}
	if (!type || type === 'vm') for (const guest of state.guests.values()) rows.push(guestRow(state, guest));
	if (!type || type === 'storage') {
		for (const item of state.storage) {
			for (const nodeName of item.nodes) {
				const isOnline = state.node(nodeName)?.isOnline === true;
				const row = {id: `storage/${nodeName}/${item.storage}`, type: 'storage', node: nodeName, storage: item.storage, plugintype: item.plugintype, content: item.content, shared: item.shared};
				rows.push(isOnline ? {...row, status: 'available', disk: item.used, maxdisk: item.maxdisk} : {...row, status: 'unknown'});
			}
		}
	}
	return rows;
}

function haStatus(state: SimState): unknown[] {
	const master = state.nodes.find(node => node.isOnline);
	const rows: unknown[] = [{id: 'quorum', type: 'quorum', node: master?.name ?? '', quorate: state.isQuorate ? 1 : 0, status: state.isQuorate ? 'OK' : 'No quorum on node'}];
	if (master) rows.push({id: 'master', type: 'master', node: master.name, status: `${master.name} (active, ${new Date(state.now()).toUTCString()})`});
	for (const node of state.nodes) rows.push({id: `lrm:${node.name}`, type: 'lrm', node: node.name, status: node.isOnline ? `${node.name} (active)` : `${node.name} (old timestamp - dead?)`});
	for (const guest of state.guests.values()) {
		if (!guest.ha) continue;
		const isOnline = state.node(guest.node)?.isOnline === true;
		const haState = isOnline ? (guest.status === 'running' ? 'started' : 'stopped') : 'fence';
		const prefix = guest.type === 'qemu' ? 'vm' : 'ct';
		rows.push({id: `service:${prefix}:${guest.vmid}`, type: 'service', sid: `${prefix}:${guest.vmid}`, node: guest.node, state: haState, status: `${prefix}:${guest.vmid} (${guest.node}, ${haState})`, request_state: 'started', max_restart: 1, max_relocate: 1});
	}
	return rows;
}

/** Newest first; running tasks have no endtime or status, finished ones their exit status (failures too). */
function clusterTasks(state: SimState): unknown[] {
	return [...state.tasks].sort((a, b) => b.startMs - a.startMs).slice(0, 50).map(task => {
		const status = state.exitStatus(task);
		return {
			upid: task.upid, node: task.node, type: task.type, id: task.id, user: task.user, pid: task.pid, starttime: Math.floor(task.startMs / 1000),
			...(status === null ? {} : {endtime: Math.floor(Math.min(task.endMs, state.now()) / 1000), status}),
		};
	});
}

function taskStatus(state: SimState, upid: string): unknown {
	const task = state.tasks.find(item => item.upid === upid);
	if (!task) throw new SimApiError(500, `no such task`);
	return {
		upid: task.upid, node: task.node, type: task.type, id: task.id, user: task.user, pid: task.pid, starttime: Math.floor(task.startMs / 1000),
		status: task.isDone ? 'stopped' : 'running',
		...(task.isDone ? {exitstatus: state.exitStatus(task)} : {}),
	};
}

function nodeStatus(state: SimState, name: string): unknown {
	const node = state.node(name)!;
	const now = state.now();
	const resourceRow = resources(state, 'node').find(row => (row as {node: string}).node === name) as {cpu: number; mem: number};
	const load = resourceRow.cpu * node.maxcpu;
	const fmt = (value: number) => value.toFixed(2);
	return {
		uptime: Math.floor((now - node.bootAt) / 1000), cpu: resourceRow.cpu, wait: 0.001, idle: 0,
		loadavg: [fmt(load), fmt(load * 0.95), fmt(load * 0.9)],
		cpuinfo: {model: node.cpuModel, cpus: node.maxcpu, sockets: 1, cores: node.maxcpu / 2, hvm: '1', mhz: '3400.000', flags: 'fpu vme de pse'},
		memory: {total: node.maxmem, used: resourceRow.mem, free: node.maxmem - resourceRow.mem},
		swap: {total: 8_589_934_592, used: 268_435_456, free: 8_321_499_136},
		rootfs: {total: node.maxdisk, used: Math.round(node.maxdisk * 0.18), free: Math.round(node.maxdisk * 0.82), avail: Math.round(node.maxdisk * 0.78)},
		ksm: {shared: 0},
		pveversion: `pve-manager/${state.version}/3e76eec21c4a14a7`,
		kversion: `${node.kernel} #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) x86_64`,
		'boot-info': {mode: 'efi', secureboot: 0},
	};
}

function guestConfig(guest: SimGuest): unknown {
	const common = {cores: guest.maxcpu, memory: String(Math.round(guest.maxmem / 1_048_576)), digest: 'a8f1c2d3e4b5a6978899aabbccddeeff00112233', onboot: guest.onboot ?? 0};
	if (guest.type === 'lxc') {
		return {...common, hostname: guest.name, arch: 'amd64', ostype: 'debian', rootfs: `local-zfs:subvol-${guest.vmid}-disk-0,size=${Math.round(guest.maxdisk / 2 ** 30)}G`, net0: 'name=eth0,bridge=vmbr0,ip=dhcp,type=veth', swap: 512, ...(guest.tags ? {tags: guest.tags} : {})};
	}
	return {
		...common, name: guest.name, sockets: 1, ostype: 'l26', boot: 'order=scsi0;net0', scsihw: 'virtio-scsi-single', cpu: 'host', agent: '1',
		scsi0: `local-zfs:vm-${guest.vmid}-disk-0,iothread=1,size=${Math.round(guest.maxdisk / 2 ** 30)}G`,
		net0: `virtio=BC:24:11:00:${(guest.vmid % 256).toString(16).padStart(2, '0')}:01,bridge=vmbr0`,
		smbios1: 'uuid=6a2f7c1e-4b8d-4e59-9f0a-1c2d3e4f5a6b', vmgenid: 'e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7',
		...(guest.template ? {template: 1} : {}),
		...(guest.tags ? {tags: guest.tags} : {}),
		...guest.config,
	};
}

function requireQuorum(state: SimState): void {
	if (state.isCluster && !state.isQuorate) throw new SimApiError(500, 'cluster not ready - no quorum?');
}

function command(state: SimState, guest: SimGuest, verb: string, user: string): string {
	requireQuorum(state);
	const prefix = guest.type === 'qemu' ? 'qm' : 'vz';
	const name = `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}`;
	if (guest.lock) throw new SimApiError(500, `${name} is locked (${guest.lock})`);
	const isRunning = guest.status === 'running';
	const task = (type: string, apply: () => void) => state.startTask({node: guest.node, type: `${prefix}${type}`, id: String(guest.vmid), user, apply});
	switch (verb) {
		case 'start':
			if (guest.template) throw new SimApiError(500, `you can't start a vm if it's a template`);
			if (isRunning) throw new SimApiError(500, `${name} already running`);
			return task('start', () => {
				guest.status = 'running';
				guest.startedAt = state.now();
			});
		case 'shutdown':
		case 'stop':
			if (!isRunning) throw new SimApiError(500, `${name} not running`);
			return task(verb, () => {
				guest.status = 'stopped';
			});
		case 'reboot':
			if (!isRunning) throw new SimApiError(500, `${name} not running`);
			return task('reboot', () => {
				guest.startedAt = state.now();
			});
		case 'reset':
			if (guest.type !== 'qemu') break;
			if (!isRunning) throw new SimApiError(500, `${name} not running`);
			return task('reset', () => undefined);
		default:
			break;
	}
	throw new SimApiError(501, `Method 'POST /nodes/${guest.node}/${guest.type}/${guest.vmid}/status/${verb}' not implemented`);
}

function migrate(state: SimState, guest: SimGuest, params: Params, user: string): string {
	requireQuorum(state);
	const target = params.target ?? '';
	const node = state.node(target);
	if (!target) throw new SimApiError(400, 'Parameter verification failed.');
	if (!node) throw new SimApiError(500, `no such cluster node '${target}'`);
	if (target === guest.node) throw new SimApiError(500, `target is local node.`);
	if (!node.isOnline) throw new SimApiError(500, `target node '${target}' not online`);
	if (guest.lock) throw new SimApiError(500, `VM ${guest.vmid} is locked (${guest.lock})`);
	const isRunning = guest.status === 'running';
	if (isRunning && guest.type === 'qemu' && params.online !== '1') throw new SimApiError(500, `can't migrate running VM without --online`);
	if (isRunning && guest.type === 'lxc' && params.restart !== '1') throw new SimApiError(500, `lxc live migration is currently not implemented; use --restart`);
	const local = Object.keys(guest.config ?? {}).find(key => /^hostpci\d+$/.test(key));
	if (isRunning && local) throw new SimApiError(500, `can't migrate VM which uses local devices: ${local}`);
	guest.lock = 'migrate';
	return state.startTask({
		node: guest.node, type: guest.type === 'qemu' ? 'qmigrate' : 'vzmigrate', id: String(guest.vmid), user,
		apply: () => {
			guest.node = target;
			guest.lock = null;
		},
	});
}

/** `POST /nodes/{node}/status`: PVE answers null and the node goes down (and, for reboot, up) by itself. */
function nodePower(state: SimState, node: string, command: string | undefined): null {
	if (command !== 'shutdown' && command !== 'reboot') throw new SimApiError(400, `Parameter verification failed. (command: value '${command ?? ''}' does not have a value in the enumeration 'reboot, shutdown')`);
	state.scheduleNodePower(node, command);
	return null;
}

/** `POST /nodes/{node}/stopall`: one task that shuts down every running guest of the node. */
function stopAll(state: SimState, node: string, user: string): string {
	requireQuorum(state);
	return state.startTask({
		node, type: 'stopall', id: '', user,
		apply: () => {
			for (const guest of state.guests.values()) if (guest.node === node) guest.status = 'stopped';
		},
	});
}

/** `POST /nodes/{node}/migrateall`: one task that moves every guest it can (not running ones with local PCI devices). */
function migrateAll(state: SimState, node: string, target: string, user: string): string {
	requireQuorum(state);
	const destination = state.node(target);
	if (!target) throw new SimApiError(400, 'Parameter verification failed. (target: property is missing and it is not optional)');
	if (!destination) throw new SimApiError(500, `no such cluster node '${target}'`);
	if (target === node) throw new SimApiError(500, 'target is local node.');
	if (!destination.isOnline) throw new SimApiError(500, `target node '${target}' not online`);
	const movable = [...state.guests.values()].filter(guest => guest.node === node && !(guest.status === 'running' && Object.keys(guest.config ?? {}).some(key => /^hostpci\d+$/.test(key))));
	const isPartial = movable.length < [...state.guests.values()].filter(guest => guest.node === node).length;
	return state.startTask({
		node, type: 'migrateall', id: '', user,
		...(isPartial ? {outcome: 'some guests could not be migrated (local devices)'} : {}),
		apply: () => {
			for (const guest of movable) guest.node = target;
		},
	});
}
