// Footer: key hints for the focused pane, and the status line (command line, a running action's
// progress, the last outcome). Hints name the keys that really run each command after remapping
// (KeyBindings.keysOf holds only those); a command left without a key drops out of the hints.
import {Box, Text} from 'ink';
import {keyLabel, type CommandId, type KeyBindings} from '../src/keys.js';
import {drawLine, type Line} from './line-edit.js';
import type {PaneKey} from './panes.js';
import {style} from './theme.js';

export type StatusLine = {readonly text: string; readonly tone: 'progress' | 'ok' | 'error' | 'info'};

const paneHints: readonly [CommandId, string][] = [
	['row.open', 'detail'],
	['filter.open', 'filter'],
	['sort.next', 'sort'],
	['action.request', 'actions'],
	['help.toggle', 'help'],
	['app.quit', 'quit'],
	['command.open', 'cmd'],
	['row.mark', 'mark'],
];

/** The incidents pane acts on incidents, not rows. */
const incidentHints: readonly [CommandId, string][] = [
	['row.open', 'go to the cause'],
	['power.shed', 'shed plan'],
	['help.toggle', 'help'],
	['app.quit', 'quit'],
	['command.open', 'cmd'],
];

/** The hints that fit `width` whole, most useful first (help and quit always kept). */
export function hints(bindings: KeyBindings, pane: PaneKey, width = Number.POSITIVE_INFINITY): string {
	const list: [CommandId, string][] = pane === 'incidents' ? [...incidentHints] : [...paneHints];
	if (pane === 'power') list.unshift(['power.shed', 'shed plan']);
	list.push(['pane.next', 'pane']);
	const items = list
		.map(([id, label]) => {
			const key = bindings.keysOf[id][0];
			return key ? {id, text: `${keyLabel(key)} ${label}`} : undefined;
		})
		.filter(item => item !== undefined);
	const keep = new Set<CommandId>(['help.toggle', 'app.quit']);
	let used = items.filter(item => keep.has(item.id)).reduce((sum, item) => sum + item.text.length + 2, 0);
	for (const item of items) {
		if (keep.has(item.id)) continue;
		if (used + item.text.length + 2 > width + 2) continue;
		keep.add(item.id);
		used += item.text.length + 2;
	}
	return items
		.filter(item => keep.has(item.id))
		.map(item => item.text)
		.join('  ');
}

const toneToken = {progress: 'focus', ok: 'status.ok', error: 'status.crit', info: 'muted'} as const;

export function Footer(props: {readonly bindings: KeyBindings; readonly pane: PaneKey; readonly width: number; readonly command: Line | undefined; readonly status: StatusLine | undefined}) {
	return (
		<Box flexDirection="column" width={props.width}>
			{/* While the command line is open, the hints line shows its completions. */}
			<Text wrap="truncate" {...style('muted')}>{props.command !== undefined && props.status ? props.status.text : hints(props.bindings, props.pane, props.width)}</Text>
			{props.command !== undefined ? (
				<Text wrap="truncate" {...style('focus')}>{`:${drawLine(props.command)}`}</Text>
			) : props.status ? (
				<Text wrap="truncate" {...style(toneToken[props.status.tone])}>{props.status.text}</Text>
			) : (
				<Text> </Text>
			)}
		</Box>
	);
}
