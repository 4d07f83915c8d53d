// Wake-on-LAN, pure parts: MAC addresses in their three common spellings (and the pattern the
// config schema checks them with), the source's host list with its defaults, the magic packet (6 × 0xFF, then the MAC 16 times) and the host entities the poll returns.
import {entityId, type EntityDraft} from '../../src/entities.js';

export const defaultBroadcast = '255.255.255.255';
/** The discard port: what most WoL tools send to (7, echo, is the other common choice). */
export const defaultPort = 9;
export const macFormats = 'aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff';

export type WolHost = {
	readonly name: string;
	/** Canonical `aa:bb:cc:dd:ee:ff`. */
	readonly mac: string;
	readonly broadcast: string;
	readonly port: number;
};

/** The three spellings as one JSON Schema pattern. */
export const macPattern = '^([0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})$';

const macPatterns = [
	/^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i,
	/^[0-9a-f]{2}(?:-[0-9a-f]{2}){5}$/i,
	/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i,
];

/** `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff` or `aabb.ccdd.eeff` → 6 bytes; undefined otherwise. */
export function parseMac(text: string): Buffer | undefined {
	const trimmed = text.trim();
	if (!macPatterns.some(pattern => pattern.test(trimmed))) return undefined;
	return Buffer.from(trimmed.replace(/[:.-]/g, ''), 'hex');
}

export function formatMac(bytes: Uint8Array): string {
	return [...bytes].map(byte => byte.toString(16).padStart(2, '0')).join(':');
}

/** The magic packet: 6 bytes of 0xFF, then the 6-byte MAC repeated 16 times (102 bytes). */
export function magicPacket(mac: Uint8Array): Buffer {
	if (mac.length !== 6) throw new RangeError(`a MAC address has 6 bytes, not ${mac.length}`);
	const packet = Buffer.alloc(102, 0xff);
	for (let copy = 0; copy < 16; copy++) packet.set(mac, 6 + copy * 6);
	return packet;
}

/** The MAC a magic packet wakes, or undefined when the bytes are not one (SecureOn passwords allowed after it). */
export function magicPacketTarget(packet: Uint8Array): string | undefined {
	if (packet.length !== 102 && packet.length !== 106 && packet.length !== 108) return undefined;
	for (let index = 0; index < 6; index++) if (packet[index] !== 0xff) return undefined;
	const mac = packet.subarray(6, 12);
	for (let copy = 1; copy < 16; copy++) {
		for (let index = 0; index < 6; index++) if (packet[6 + copy * 6 + index] !== mac[index]) return undefined;
	}
	return formatMac(mac);
}


/** A validated `hosts` entry (the schema in index.ts checked names, MACs, addresses and ports). */
export type WolHostConfig = {readonly name: string; readonly mac: string; readonly broadcast?: string; readonly port?: number};

/** The configured hosts with the defaults filled in and the MAC in its canonical spelling. */
export function wolHosts(hosts: readonly WolHostConfig[]): WolHost[] {
	return hosts.map(host => ({name: host.name, mac: formatMac(parseMac(host.mac)!), broadcast: host.broadcast ?? defaultBroadcast, port: host.port ?? defaultPort}));
}

/** The rule across hosts (PluginDefinition.check): each name once. */
export function checkWolHosts(hosts: readonly WolHostConfig[]): string | undefined {
	const twice = hosts.find((host, index) => hosts.findIndex(other => other.name === host.name) !== index);
	return twice ? `host "${twice.name}": listed twice` : undefined;
}

/** One `host` per configured machine, so `host.wake` has a target. WoL cannot tell whether it is up. */
export function wolHostEntities(source: string, hosts: readonly WolHost[]): EntityDraft[] {
	return hosts.map(host => ({
		id: entityId('host', source, host.name),
		kind: 'host',
		source,
		localId: host.name,
		name: host.name,
		role: 'remote',
		isOnline: null,
		os: null,
		version: null,
		cpu: {usage: null, cores: null, perCore: [], model: null},
		load: null,
		memory: {totalBytes: null, usedBytes: null},
		swap: {totalBytes: null, usedBytes: null},
		filesystems: [],
		network: {rxBytesPerSec: null, txBytesPerSec: null},
		temperatures: [],
		uptimeSec: null,
	}));
}
