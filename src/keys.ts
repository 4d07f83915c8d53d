// The key command table: every semantic command with its default keys and a help text. `?` help
// is generated from it, config `keys` remaps it, and collisions are reported at start.
// Keys are named: single characters as typed ("j", "G", "?"), and up down left right pageup
// pagedown home end enter escape tab shift-tab backspace delete space, f1…f12, ctrl-<letter>.
// Global commands run in views/use-console.ts; pane commands are declared and handled by the pane
// that uses them (views/TablePane.tsx, a pane's own `keys`); a pane command the focused pane does
// not handle is answered with its `onlyIn` reason instead of silence.

export type CommandScope = 'global' | 'pane' | 'power';

export type CommandSpec = {
	readonly keys: readonly string[];
	readonly help: string;
	readonly scope: CommandScope;
	/** Why the command does nothing elsewhere: the pane that handles it. */
	readonly onlyIn?: string;
};

export const paneIds = ['racks', 'gpus', 'vms', 'power', 'automations', 'alerts', 'hosts', 'incidents'] as const;
export type PaneId = (typeof paneIds)[number];

export const commands = {
	'app.quit': {keys: ['q', 'ctrl-c', 'f10'], help: 'quit labdeck', scope: 'global'},
	'pane.next': {keys: ['tab'], help: 'next pane', scope: 'global'},
	'pane.prev': {keys: ['shift-tab'], help: 'previous pane', scope: 'global'},
	'pane.goto.racks': {keys: ['1'], help: 'racks pane', scope: 'global'},
	'pane.goto.gpus': {keys: ['2'], help: 'GPUs pane', scope: 'global'},
	'pane.goto.vms': {keys: ['3'], help: 'VMs pane', scope: 'global'},
	'pane.goto.power': {keys: ['4'], help: 'power pane', scope: 'global'},
	'pane.goto.automations': {keys: ['5'], help: 'automations pane', scope: 'global'},
	'pane.goto.alerts': {keys: ['6'], help: 'alerts pane', scope: 'global'},
	'pane.goto.hosts': {keys: ['7'], help: 'hosts pane', scope: 'global'},
	'pane.goto.incidents': {keys: ['0'], help: 'incidents pane (root causes and what they take down)', scope: 'global'},
	'command.open': {keys: [':'], help: 'command line (:vms pve2, :vm 120, :alerts crit, :q; Tab completes)', scope: 'global'},
	'help.toggle': {keys: ['?', 'f1'], help: 'show or hide this help', scope: 'global'},
	'action.refresh': {keys: ['r'], help: 're-poll every source now', scope: 'global'},
	'row.up': {keys: ['up', 'k'], help: 'move up', scope: 'pane'},
	'row.down': {keys: ['down', 'j'], help: 'move down', scope: 'pane'},
	'row.pageUp': {keys: ['pageup', 'ctrl-b'], help: 'page up', scope: 'pane'},
	'row.pageDown': {keys: ['pagedown', 'ctrl-f'], help: 'page down', scope: 'pane'},
	'row.first': {keys: ['home', 'g'], help: 'first row', scope: 'pane'},
	'row.last': {keys: ['end', 'G'], help: 'last row', scope: 'pane'},
	'row.mark': {keys: ['space'], help: 'mark or unmark the row (actions apply to marked rows)', scope: 'pane'},
	'row.open': {keys: ['enter'], help: 'open the detail view', scope: 'pane'},
	'view.back': {keys: ['escape'], help: 'back: close the detail view, clear the filter or marks', scope: 'pane'},
	'filter.open': {keys: ['/', 'f3'], help: 'filter: text, /regex/ (on the name), field:value, field:/regex/, !term inverts', scope: 'pane'},
	'sort.next': {keys: ['s'], help: 'sort: each column ascending, then descending, then the next', scope: 'pane'},
	'sort.reverse': {keys: ['R'], help: 'reverse the sort order', scope: 'pane'},
	'action.request': {keys: ['a'], help: 'actions for the selected or marked rows', scope: 'pane'},
	'power.shed': {keys: ['S'], help: 'shed-load plan for the UPS on battery (power pane, or any pane while one is on battery)', scope: 'power', onlyIn: 'the Power pane (4)'},
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof commands;
export const commandIds = Object.keys(commands) as CommandId[];

export type KeyBindings = {
	/** Keys of each command after overrides: only the keys that really run it (a remap that takes a key removes it here). */
	readonly keysOf: Readonly<Record<CommandId, readonly string[]>>;
	/** The command each key runs. */
	readonly commandOf: ReadonlyMap<string, CommandId>;
	/** One line per problem: unknown command, bad key name, a key bound twice. */
	readonly problems: readonly string[];
};

const namedKeys = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'enter', 'escape', 'tab', 'shift-tab', 'backspace', 'delete', 'space', ...Array.from({length: 12}, (_, index) => `f${index + 1}`)]);

export function isKeyName(name: string): boolean {
	return namedKeys.has(name) || /^ctrl-[a-z]$/.test(name) || [...name].length === 1;
}

/** Applies config overrides (`{"pane.next": ["tab", "n"]}`) and checks the result. */
export function resolveBindings(overrides: Readonly<Record<string, readonly string[]>> = {}): KeyBindings {
	const problems: string[] = [];
	const keysOf = {} as Record<CommandId, readonly string[]>;
	for (const id of commandIds) keysOf[id] = commands[id].keys;
	for (const [id, keys] of Object.entries(overrides)) {
		if (!(id in commands)) {
			problems.push(`keys: unknown command ${id} (? lists them)`);
			continue;
		}
		const valid = keys.filter(key => {
			if (isKeyName(key)) return true;
			problems.push(`keys: "${key}" (${id}) is not a key name`);
			return false;
		});
		keysOf[id as CommandId] = valid;
	}
	const commandOf = new Map<string, CommandId>();
	// Overridden commands claim their keys first, so a remap wins over a default.
	const order = [...commandIds].sort((a, b) => Number(b in overrides) - Number(a in overrides));
	for (const id of order) {
		for (const key of keysOf[id]) {
			const owner = commandOf.get(key);
			if (owner) problems.push(`keys: ${keyLabel(key)} → ${owner}, not ${id}`);
			else commandOf.set(key, id);
		}
	}
	for (const id of commandIds) keysOf[id] = keysOf[id].filter(key => commandOf.get(key) === id);
	return {keysOf, commandOf, problems};
}

/** The collision and validity messages for a `keys` config block (shown at start). */
export function keyProblems(overrides: Readonly<Record<string, readonly string[]>>): readonly string[] {
	return resolveBindings(overrides).problems;
}

/** The subset of Ink's `Key` that names a key press. */
export type KeyFlags = {
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly return?: boolean;
	readonly escape?: boolean;
	readonly tab?: boolean;
	readonly shift?: boolean;
	readonly ctrl?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
	/** A function key's number (1–12), read from the raw sequence (Ink's useInput does not name them). */
	readonly fn?: number;
};

/** Names the key of one input event, or undefined for a paste or an unnamed sequence. */
export function keyName(input: string, key: KeyFlags): string | undefined {
	if (key.fn !== undefined) return `f${key.fn}`;
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'enter';
	if (key.escape) return 'escape';
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	if (key.backspace) return 'backspace';
	if (key.delete) return 'delete';
	if (key.ctrl && /^[a-z]$/.test(input)) return `ctrl-${input}`;
	if (input === ' ') return 'space';
	if ([...input].length === 1) return input;
	return undefined;
}

type KeyEvent = {readonly input: string; readonly key: KeyFlags};

const namedFlags = ['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageUp', 'pageDown', 'home', 'end', 'return', 'escape', 'tab', 'backspace', 'delete'] as const;

/**
 * Ink hands plain keys that arrive in one chunk (fast typing over a slow SSH link, tmux
 * send-keys, a paste) to the handler as one string, which names no key: split it into one event
 * per character, Enter, Tab, Backspace and Ctrl-letters included.
 */
export function splitInput(input: string, key: KeyFlags): readonly KeyEvent[] {
	const chars = [...input];
	if (chars.length <= 1 || key.ctrl || namedFlags.some(flag => key[flag])) return [{input, key}];
	return chars.map(charEvent);
}

function charEvent(char: string): KeyEvent {
	if (char === '\r' || char === '\n') return {input: '', key: {return: true}};
	if (char === '\t') return {input: '', key: {tab: true}};
	if (char === '\u007F' || char === '\b') return {input: '', key: {backspace: true}};
	const code = char.codePointAt(0)!;
	if (code >= 1 && code <= 26) return {input: String.fromCodePoint(code + 96), key: {ctrl: true}};
	return {input: char, key: /^[A-Z]$/.test(char) ? {shift: true} : {}};
}

/** The function key a raw terminal sequence names (xterm, VT100 and Linux console forms), if any. */
export function functionKey(sequence: string): number | undefined {
	const ss3 = /^\u001BO([P-S])$/.exec(sequence);
	if (ss3) return 'PQRS'.indexOf(ss3[1]!) + 1;
	const linux = /^\u001B\[\[([A-E])$/.exec(sequence);
	if (linux) return 'ABCDE'.indexOf(linux[1]!) + 1;
	const csi = /^\u001B\[(\d+)~$/.exec(sequence);
	const codes: Record<string, number> = {'11': 1, '12': 2, '13': 3, '14': 4, '15': 5, '17': 6, '18': 7, '19': 8, '20': 9, '21': 10, '23': 11, '24': 12};
	return csi ? codes[csi[1]!] : undefined;
}

const keyLabels: Record<string, string> = {enter: 'Enter', escape: 'Esc', tab: 'Tab', 'shift-tab': 'S-Tab', space: 'Space', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End', up: '↑', down: '↓', left: '←', right: '→', backspace: 'Bksp', delete: 'Del'};

/** "ctrl-c" → "^C", "pageup" → "PgUp". */
export function keyLabel(key: string): string {
	if (key.startsWith('ctrl-')) return `^${key.slice(5).toUpperCase()}`;
	if (/^f\d+$/.test(key)) return key.toUpperCase();
	return keyLabels[key] ?? key;
}

/** Help lines from the table: "keys  help", grouped by scope. */
export function helpLines(bindings: KeyBindings): readonly {readonly scope: CommandScope; readonly keys: string; readonly command: CommandId; readonly help: string}[] {
	return commandIds.map(id => ({scope: commands[id].scope, keys: bindings.keysOf[id].map(keyLabel).join(' '), command: id, help: commands[id].help}));
}

/** Command-line aliases: `:vms`, `:gpu`, `:q`… → a command. */
export const commandAliases: Readonly<Record<string, CommandId>> = {
	racks: 'pane.goto.racks',
	rack: 'pane.goto.racks',
	gpu: 'pane.goto.gpus',
	gpus: 'pane.goto.gpus',
	vm: 'pane.goto.vms',
	vms: 'pane.goto.vms',
	guests: 'pane.goto.vms',
	power: 'pane.goto.power',
	ups: 'pane.goto.power',
	automations: 'pane.goto.automations',
	auto: 'pane.goto.automations',
	alerts: 'pane.goto.alerts',
	hosts: 'pane.goto.hosts',
	nodes: 'pane.goto.hosts',
	incidents: 'pane.goto.incidents',
	inc: 'pane.goto.incidents',
	help: 'help.toggle',
	refresh: 'action.refresh',
	q: 'app.quit',
	quit: 'app.quit',
};
