// Pure readers of PVE identifiers: task UPIDs, `hostpciN` PCI addresses, pool ids.

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

/** `UPID:pve1:0002A3C8:15A3093B:6877EF2A:qmstart:100:root@pam:` */
export function parseUpid(upid: string): Upid | undefined {
	const parts = upid.split(':');
	if (parts[0] !== 'UPID' || parts.length < 9) return undefined;
	const [, node, , , start, type, id, user] = parts;
	if (!node || !type) return undefined;
	const startTime = Number.parseInt(start ?? '', 16);
	return {node, type, id: id ?? '', user: user ?? '', startTime: Number.isFinite(startTime) ? startTime : null};
}

/**
 * PCI addresses passed through by `hostpciN` config entries, normalized to lowercase
 * `dddd:bb:dd.f` (`41:00` without a function stays `0000:41:00`: all its functions). Options
 * after the comma are dropped; `mapping=` entries name a cluster resource mapping, not an
 * address, and are skipped.
 */
export function parsePciDevices(config: unknown): string[] {
	if (typeof config !== 'object' || config === null) return [];
	const devices: string[] = [];
	const keys = Object.keys(config).filter(key => /^hostpci\d+$/.test(key)).sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
	for (const key of keys) {
		const value = str((config as Readonly<Record<string, unknown>>)[key]);
		if (!value) continue;
		const first = value.split(',')[0]!.trim();
		if (first.startsWith('mapping=')) continue;
		const hosts = first.replace(/^host=/, '');
		for (const address of hosts.split(';')) {
			const normalized = normalizePci(address);
			if (normalized && !devices.includes(normalized)) devices.push(normalized);
		}
	}
	return devices;
}

export function normalizePci(address: string): string | null {
	const match = /^(?:([0-9a-f]{4,8}):)?([0-9a-f]{2}):([0-9a-f]{2})(?:\.([0-7]))?$/i.exec(address.trim());
	if (!match) return null;
	const [, domain, bus, device, fn] = match;
	const dom = (domain ?? '0000').slice(-4);
	return `${dom}:${bus}:${device}${fn === undefined ? '' : `.${fn}`}`.toLowerCase();
}
