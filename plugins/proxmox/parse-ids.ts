// Pure readers of PVE identifiers: task UPIDs, `hostpciN` PCI addresses and mappings, pool ids.

function str(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return null;
}

/** `pool-1`, `/pool/pool-1` (PVE 8's pool row id) and `pool/pool-1` all name the pool `pool-1`. */
export function poolName(value: unknown): string | null {
	const text = str(value);
	if (!text) return null;
	return text.replace(/^\/?pool\//, '') || null;
}

export type Upid = {readonly node: string; readonly type: string; readonly id: string; readonly user: string; readonly startTime: number | null};

/**
 * `UPID:pve1:0002A3C8:15A3093B:6877EF2A:qmstart:100:root@pam:`, the shape PVE's upid_decode
 * accepts (node, pid, pstart, start time in hex, type, id, user); anything else is undefined.
 */
export function parseUpid(upid: unknown): Upid | undefined {
	if (typeof upid !== 'string' || upid.length > 512) return undefined;
	const match = /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/.exec(upid);
	if (!match) return undefined;
	const [, node, , , start, type, id, user] = match;
	return {node: node!, type: type!, id: id!, user: user!, startTime: Number.parseInt(start!, 16)};
}

/** The `hostpciN` values of a guest config, in index order. */
function hostpciValues(config: unknown): string[] {
	if (typeof config !== 'object' || config === null) return [];
	const record = config as Readonly<Record<string, unknown>>;
	return Object.keys(record)
		.filter(key => /^hostpci\d+$/.test(key))
		.sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)))
		.map(key => str(record[key]))
		.filter((value): value is string => Boolean(value));
}

/** `host=…` (or the bare first option), and `mapping=…`, of one `hostpciN` value. */
function hostpciParts(value: string): {host: string | null; mapping: string | null} {
	let host: string | null = null;
	let mapping: string | null = null;
	const options = value.split(',').map(option => option.trim());
	for (const [index, item] of options.entries()) {
		if (item.startsWith('mapping=')) mapping = item.slice(8).trim() || null;
		else if (item.startsWith('host=')) host = item.slice(5).trim();
		else if (index === 0 && !item.includes('=')) host = item;
	}
	return {host, mapping};
}

/**
 * PCI addresses passed through by `hostpciN` config entries, normalized to lowercase
 * `dddd:bb:dd.f` (`41:00` without a function stays `0000:41:00`: all its functions). Options
 * are dropped; `mapping=` entries name a cluster resource mapping, not an address, and are read
 * by parsePciMappings instead.
 */
export function parsePciDevices(config: unknown): string[] {
	const devices: string[] = [];
	for (const value of hostpciValues(config)) {
		const {host, mapping} = hostpciParts(value);
		if (mapping || !host) continue;
		for (const address of host.split(';')) {
			const normalized = normalizePci(address);
			if (normalized && !devices.includes(normalized)) devices.push(normalized);
		}
	}
	return devices;
}

/** Names of the cluster resource mappings passed through (`hostpci0: mapping=gpu0,pcie=1`). */
export function parsePciMappings(config: unknown): string[] {
	const mappings: string[] = [];
	for (const value of hostpciValues(config)) {
		const {mapping} = hostpciParts(value);
		if (mapping && /^[^\s,;=]{1,128}$/.test(mapping) && !mappings.includes(mapping)) mappings.push(mapping);
	}
	return mappings;
}

export function normalizePci(address: string): string | null {
	const match = /^(?:([0-9a-f]{4,8}):)?([0-9a-f]{2}):([0-9a-f]{2})(?:\.([0-7]))?$/i.exec(address.trim());
	if (!match) return null;
	const [, domain, bus, device, fn] = match;
	const dom = (domain ?? '0000').slice(-4);
	return `${dom}:${bus}:${device}${fn === undefined ? '' : `.${fn}`}`.toLowerCase();
}
