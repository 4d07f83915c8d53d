// Pure translation of Network UPS Tools data into entities: the upsd line tokenizer, `upsc`-style
// `.dev`/`.seq` dumps (fixtures, the shared corpus, the simulator), and the dispatch of one NUT
// device by its `device.type` to parse-ups.ts (`ups`), parse-pdu.ts (`pdu`) or parse-ats.ts (`ats`),
// plus one `outlet` entity per `outlet.N.*` group.
import type {EntityDraft} from '../../src/entities.js';
import {atsFromVars} from './parse-ats.js';
import {outletsFromVars, pduFromVars} from './parse-pdu.js';
import {upsFromVars} from './parse-ups.js';
import {deviceType, type NutVars, type UpsFacts} from './parse-values.js';

export {atsFromVars} from './parse-ats.js';
export {outletsFromVars, pduFromVars} from './parse-pdu.js';
export {upsFromVars} from './parse-ups.js';
export {deviceType, isPdu, num, outletLocalId, outletNumbers, ownerId, parseStatus, type NutVars, type UpsFacts} from './parse-values.js';

/** Splits one upsd reply line into words; double quotes group, backslash escapes `"` and `\`. */
export function tokenize(line: string): string[] | undefined {
	const words: string[] = [];
	let index = 0;
	while (index < line.length) {
		while (line[index] === ' ' || line[index] === '\t') index++;
		if (index >= line.length) break;
		let word = '';
		if (line[index] === '"') {
			index++;
			let isClosed = false;
			while (index < line.length) {
				const char = line[index]!;
				if (char === '\\' && index + 1 < line.length) {
					word += line[index + 1];
					index += 2;
					continue;
				}
				index++;
				if (char === '"') {
					isClosed = true;
					break;
				}
				word += char;
			}
			if (!isClosed) return undefined;
		} else {
			while (index < line.length && line[index] !== ' ' && line[index] !== '\t') word += line[index++];
		}
		words.push(word);
	}
	return words;
}

/** Quotes a word for a request line (`INSTCMD ups "cmd"` is never needed, but names may have spaces). */
export function quote(word: string): string {
	return /^[A-Za-z0-9._@:-]+$/.test(word) ? word : `"${word.replace(/(["\\])/g, '\\$1')}"`;
}

export type DevDump = {
	/** The variables before the first `TIMER` line. */
	readonly vars: NutVars;
	/** `.seq` files: each `TIMER n` followed by the variables it changes. */
	readonly steps: readonly {readonly afterSec: number; readonly vars: NutVars}[];
};

/** Parses a `upsc` dump (`name: value` lines, `#` comments, inline `#` comments, `TIMER n`). */
export function parseDev(text: string): DevDump {
	const base: Record<string, string> = {};
	const steps: {afterSec: number; vars: Record<string, string>}[] = [];
	let current = base;
	for (const raw of text.split(/\r?\n/)) {
		const line = stripComment(raw).trim();
		if (!line) continue;
		const timer = /^TIMER\s+(\d+(?:\.\d+)?)$/.exec(line);
		if (timer) {
			const step = {afterSec: Number(timer[1]), vars: {}};
			steps.push(step);
			current = step.vars;
			continue;
		}
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim();
		if (!/^[A-Za-z0-9_.-]+$/.test(name)) continue;
		current[name] = unquote(line.slice(colon + 1).trim());
	}
	return {vars: base, steps};
}

function stripComment(line: string): string {
	if (line.trimStart().startsWith('#')) return '';
	const match = /\s#/.exec(line);
	return match ? line.slice(0, match.index) : line;
}

function unquote(value: string): string {
	return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Whether the UPS has no usable data yet (`WAIT`) or its status is missing (a PDU has none). */
export function hasNoData(vars: NutVars): boolean {
	const status = vars['ups.status']?.trim();
	if (!status) return deviceType(vars) === 'ups';
	return status.toUpperCase() === 'WAIT';
}

/** The entities one NUT device becomes: its ups, pdu or ats entity, then its outlets. */
export function entitiesFromVars(facts: UpsFacts, vars: NutVars): EntityDraft[] {
	const type = deviceType(vars);
	const owner = type === 'pdu' ? pduFromVars(facts, vars) : type === 'ats' ? atsFromVars(facts, vars) : upsFromVars(facts, vars);
	return [owner, ...outletsFromVars(facts, vars)];
}
