// Value helpers shared by the XML and CSV parsers: nvidia-smi writes "not available" in several
// spellings, and every one of them becomes null, never 0.
import type {Num} from '../../src/entities.js';

const unknownTexts = new Set([
	'',
	'n/a',
	'[n/a]',
	'not supported',
	'[not supported]',
	'unknown error',
	'[unknown error]',
	'requested functionality has been deprecated',
	'[requested functionality has been deprecated]',
	'insufficient permissions',
	'[insufficient permissions]',
	'gpu requires reset',
	'[gpu requires reset]',
	'none',
]);

/** The element's text, or null when it is absent, not a leaf, or one of nvidia-smi's "unknown" spellings. */
export function text(value: unknown): string | null {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const trimmed = String(value).trim();
	return unknownTexts.has(trimmed.toLowerCase()) ? null : trimmed;
}

/**
 * The leading number of a value such as `27.23 W`, `0 %`, `405 MHz`; null when there is none.
 * An exponent is part of the number (`1e308 C` is 1e308, which the GPU kind's range then clears, never 1).
 */
export function num(value: unknown): Num {
	const raw = text(value);
	if (raw === null) return null;
	const match = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?/i.exec(raw);
	if (!match) return null;
	const parsed = Number(match[0]);
	return Number.isFinite(parsed) ? parsed : null;
}

const mib = 1024 * 1024;

/** A MiB quantity (`24576 MiB`) in bytes. */
export function mibBytes(value: unknown): Num {
	const parsed = num(value);
	return parsed === null ? null : parsed * mib;
}

/** `Enabled`/`Disabled` (also `Yes`/`No`, `On`/`Off`) as a boolean; null otherwise. */
export function flag(value: unknown): boolean | null {
	const raw = text(value)?.toLowerCase();
	if (raw === 'enabled' || raw === 'yes' || raw === 'on') return true;
	if (raw === 'disabled' || raw === 'no' || raw === 'off') return false;
	return null;
}

/**
 * A PCI address as Proxmox writes it in `hostpci`: lowercase, 4-digit domain.
 * nvidia-smi writes `00000000:41:00.0` (8-digit domain), sometimes uppercase (`00000000:0A:00.0`).
 */
export function normalizePciBusId(value: unknown): string | null {
	const raw = text(value);
	if (raw === null) return null;
	const match = /^(?:([0-9a-f]{1,8}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i.exec(raw);
	if (!match) return raw.toLowerCase();
	const [, domain = '0', bus = '0', device = '0', fn = '0'] = match;
	const shortDomain = domain.padStart(8, '0').slice(-4);
	return `${shortDomain}:${bus.padStart(2, '0')}:${device.padStart(2, '0')}.${fn}`.toLowerCase();
}

/** Names nvidia-smi gives a card it does not know yet (a driver older than the card). */
export function isUnknownProductName(name: string | null): boolean {
	return name === null || /^graphics device$/i.test(name) || /^nvidia graphics device$/i.test(name);
}
