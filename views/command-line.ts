// The `:` command line: what a line means (a pane, a pane with a filter, an entity to jump to, a
// console command) and what Tab completes, from the key table's aliases, the pane list and the
// entities in the store. Pure: the console (use-console.ts) applies the outcome.
//
//   :vms pve2        the VMs pane filtered by node (any other argument is the filter itself)
//   :vm 120          jump to a VM by vmid or name (also :host, :gpu, :ups, :outlet)
//   :hosts pve2      the Hosts pane filtered by the text
//   :alerts crit     the Alerts pane filtered by severity (crit, warn, info)
//   :q               quit; :help, :refresh
import type {Entity, EntityKind, GuestEntity} from '../src/entities.js';
import {commandAliases, paneIds, type CommandId, type PaneId} from '../src/keys.js';
import type {Snapshot} from '../src/store.js';
import {paneOfWord, panes, type PaneKey} from './panes.js';

export type CommandOutcome =
	| {readonly type: 'none'}
	| {readonly type: 'command'; readonly command: CommandId}
	| {readonly type: 'pane'; readonly pane: PaneKey; readonly filter?: string; readonly focusId?: string}
	| {readonly type: 'error'; readonly text: string};

type Jump = {readonly kind: EntityKind; readonly pane: PaneKey; readonly noun: string};

/** Verbs that jump to one entity when given an argument. */
const jumps: Readonly<Record<string, Jump>> = {
	vm: {kind: 'guest', pane: 'vms', noun: 'VM'},
	guest: {kind: 'guest', pane: 'vms', noun: 'VM'},
	ct: {kind: 'guest', pane: 'vms', noun: 'VM'},
	host: {kind: 'host', pane: 'hosts', noun: 'host'},
	node: {kind: 'host', pane: 'hosts', noun: 'host'},
	gpu: {kind: 'gpu', pane: 'gpus', noun: 'GPU'},
	ups: {kind: 'ups', pane: 'power', noun: 'UPS'},
	outlet: {kind: 'outlet', pane: 'power', noun: 'outlet'},
};

const severityWords: Readonly<Record<string, string>> = {crit: 'critical', critical: 'critical', warn: 'warning', warning: 'warning', info: 'info'};

/** Every word the first position completes to. */
export function verbs(): readonly string[] {
	const words = new Set<string>([...Object.keys(commandAliases), ...paneIds, ...Object.keys(jumps)]);
	for (const pane of panes) for (const word of pane.words ?? []) words.add(word);
	return [...words].sort();
}

function paneOfVerb(verb: string): PaneKey | undefined {
	const command = commandAliases[verb];
	if (command?.startsWith('pane.goto.')) return command.slice('pane.goto.'.length) as PaneId;
	if ((paneIds as readonly string[]).includes(verb)) return verb as PaneId;
	return paneOfWord(verb);
}

/** The names an entity answers to on the command line: its name, local id, and a VM's vmid. */
function namesOf(entity: Entity): readonly string[] {
	const names = [entity.name, entity.localId];
	if (entity.kind === 'guest') names.push(String((entity as GuestEntity).vmid));
	return [...new Set(names)];
}

/** Exact name first, then a unique prefix, then a unique substring. */
export function findEntity(snapshot: Snapshot, kind: EntityKind, word: string): {readonly entity?: Entity; readonly matches: readonly Entity[]} {
	const all = snapshot.byKind[kind] ?? [];
	const lower = word.toLowerCase();
	for (const test of [(name: string) => name === lower, (name: string) => name.startsWith(lower), (name: string) => name.includes(lower)]) {
		const matches = all.filter(entity => namesOf(entity).some(name => test(name.toLowerCase())));
		if (matches.length === 1) return {entity: matches[0]!, matches};
		if (matches.length > 1) return {matches};
	}
	return {matches: []};
}

/** A list of names cut to fit `room` columns ("a, b, c +4"). */
function listFit(names: readonly string[], room: number): string {
	let text = '';
	for (const [index, name] of names.entries()) {
		const next = text === '' ? name : `${text}, ${name}`;
		const rest = names.length - index - 1;
		if (next.length + (rest > 0 ? ` +${rest}`.length : 0) > room) return `${text} +${names.length - index}`;
		text = next;
	}
	return text;
}

/** What a pane's argument filters on. */
function filterFor(pane: PaneKey, argument: string, snapshot: Snapshot): string {
	if (/[:/!"]/.test(argument)) return argument;
	const lower = argument.toLowerCase();
	if (pane === 'vms' && (snapshot.byKind.guest as readonly GuestEntity[]).some(guest => guest.node.toLowerCase() === lower)) return `node:${argument}`;
	if (pane === 'alerts' && severityWords[lower]) return `severity:${severityWords[lower]}`;
	return argument;
}

/** What the line (without its `:`) asks for; errors fit one line of 80 columns. */
export function runCommandLine(line: string, snapshot: Snapshot): CommandOutcome {
	const [verbText = '', ...rest] = line.trim().replace(/^:/, '').split(/\s+/);
	const verb = verbText.toLowerCase();
	const argument = rest.join(' ');
	if (verb === '') return {type: 'none'};
	const jump = jumps[verb];
	if (jump && argument !== '') {
		const {entity, matches} = findEntity(snapshot, jump.kind, argument);
		if (entity) return {type: 'pane', pane: jump.pane, filter: '', focusId: entity.id};
		const shown = cut(argument, 20);
		if (matches.length === 0) return {type: 'error', text: `no ${jump.noun} "${shown}" (Tab lists them)`};
		return {type: 'error', text: `"${shown}": ${matches.length} match: ${listFit(matches.map(item => item.name), 40)}`};
	}
	const pane = paneOfVerb(verb) ?? (jump ? jump.pane : undefined);
	if (pane) return argument === '' ? {type: 'pane', pane} : {type: 'pane', pane, filter: filterFor(pane, argument, snapshot)};
	const command = commandAliases[verb];
	if (command) return {type: 'command', command};
	return {type: 'error', text: `unknown command :${cut(verb, 20)} (Tab completes, :help lists keys)`};
}

const cut = (text: string, room: number) => (text.length > room ? `${text.slice(0, room - 1)}…` : text);

/** The argument candidates of a verb. */
function argumentsOf(verb: string, snapshot: Snapshot): readonly string[] {
	const jump = jumps[verb];
	if (jump) return (snapshot.byKind[jump.kind] ?? []).flatMap(namesOf);
	const pane = paneOfVerb(verb);
	if (pane === 'vms') return (snapshot.byKind.guest as readonly GuestEntity[]).map(guest => guest.node);
	if (pane === 'hosts') return snapshot.byKind.host.map(host => host.name);
	if (pane === 'alerts') return ['critical', 'warning', 'info'];
	if (pane === 'gpus') return snapshot.byKind.gpu.map(gpu => (gpu as {readonly host: string}).host);
	return [];
}

export type Completion = {readonly text: string; readonly candidates: readonly string[]};

/** Tab: the line completed as far as it is unambiguous, and the candidates when more remain. */
export function completeCommandLine(line: string, snapshot: Snapshot): Completion {
	const space = line.search(/\s/);
	const isVerb = space === -1;
	const head = isVerb ? '' : `${line.slice(0, space)} `;
	const word = isVerb ? line : line.slice(space).trimStart();
	const pool = isVerb ? verbs() : argumentsOf(line.slice(0, space).toLowerCase(), snapshot);
	const candidates = [...new Set(pool)].filter(item => item.toLowerCase().startsWith(word.toLowerCase())).sort((a, b) => a.localeCompare(b, undefined, {numeric: true}));
	if (candidates.length === 0) return {text: line, candidates};
	if (candidates.length === 1) return {text: `${head}${candidates[0]!}${isVerb ? ' ' : ''}`, candidates};
	return {text: `${head}${commonPrefix(candidates, word)}`, candidates};
}

function commonPrefix(items: readonly string[], typed: string): string {
	let prefix = items[0]!;
	for (const item of items) while (!item.toLowerCase().startsWith(prefix.toLowerCase())) prefix = prefix.slice(0, -1);
	return prefix.length >= typed.length ? prefix : typed;
}

/** The candidates as one line that fits `width`. */
export function candidatesLine(candidates: readonly string[], width: number): string {
	return listFit(candidates, Math.max(10, width - 2)).replaceAll(', ', '  ');
}
