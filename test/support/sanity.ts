// Plausibility of every number an entity carries, by what its field measures: what a device sends
// as "unknown" (a sentinel) or cannot be true must reach the store as null, never as a number.
// Used by the conformance test over the shared corpus and the project's own fixtures.

/** Values devices put where they mean "unknown" (SNMP and 16-bit counters saturated). */
const sentinels = new Set([4_294_967_295, 2_147_483_647, -2_147_483_648, 65_535]);

type Rule = {readonly test: (key: string, path: string) => boolean; readonly check: (value: number) => boolean; readonly says: string};

const rules: readonly Rule[] = [
	{test: key => /(Sec|runtime|uptime)$/i.test(key), check: value => value >= 0, says: 'a negative duration'},
	{test: key => (key === 'celsius' || /Celsius$/.test(key)) && key !== 'tlimitMarginCelsius', check: value => value >= -50 && value <= 150, says: 'a temperature below −50 °C or above 150 °C'},
	{test: key => key === 'tlimitMarginCelsius', check: value => Math.abs(value) <= 150, says: 'a thermal margin beyond ±150 °C'},
	{test: (key, path) => /Percent$/.test(key) || /(^|\.)utilization\./.test(path) || path === 'cpu.usage', check: value => value >= 0 && value <= 100, says: 'a percentage outside 0–100'},
	{test: key => /^(rating|nominal)/i.test(key), check: value => value > 0, says: 'a rating of 0 or less'},
	{test: key => /(Amps|Watts|Bytes|Hz|Mhz|Kwh|volts|Volts)$/.test(key) || key === 'volts', check: value => value >= 0, says: 'a negative quantity'},
];

/** Every implausible number of one entity, as `path=value (why)`; empty when all are plausible. */
export function implausibleValues(entity: unknown): string[] {
	const problems: string[] = [];
	const visit = (value: unknown, path: string, key: string) => {
		if (typeof value === 'number') {
			if (!Number.isFinite(value)) problems.push(`${path}=${value} (not finite)`);
			else if (sentinels.has(value)) problems.push(`${path}=${value} (a sentinel)`);
			else for (const rule of rules) if (rule.test(key, path) && !rule.check(value)) problems.push(`${path}=${value} (${rule.says})`);
			return;
		}
		if (Array.isArray(value)) {
			for (const [index, item] of value.entries()) visit(item, `${path}[${index}]`, key);
			return;
		}
		if (value !== null && typeof value === 'object') {
			for (const [child, item] of Object.entries(value)) visit(item, path ? `${path}.${child}` : child, child);
		}
	};
	visit(entity, '', '');
	return problems;
}
