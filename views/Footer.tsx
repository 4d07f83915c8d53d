// Footer: key hints for the focused pane, and the status line (command line, a running action's
// progress, the last outcome).
import {Box, Text} from 'ink';
import {keyLabel, type CommandId, type KeyBindings, type PaneId} from '../src/keys.js';
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

export function hints(bindings: KeyBindings, pane: PaneId): string {
	const list: [CommandId, string][] = [...paneHints];
	if (pane === 'power') list.unshift(['power.shed', 'shed plan']);
	list.push(['pane.next', 'pane']);
	return list
		.map(([id, label]) => {
			const key = bindings.keysOf[id][0];
			return key ? `${keyLabel(key)} ${label}` : '';
		})
		.filter(Boolean)
		.join('  ');
}

const toneToken = {progress: 'focus', ok: 'status.ok', error: 'status.crit', info: 'muted'} as const;

export function Footer(props: {readonly bindings: KeyBindings; readonly pane: PaneId; readonly width: number; readonly command: string | undefined; readonly status: StatusLine | undefined}) {
	return (
		<Box flexDirection="column" width={props.width}>
			<Text wrap="truncate" {...style('muted')}>{hints(props.bindings, props.pane)}</Text>
			{props.command !== undefined ? (
				<Text wrap="truncate" {...style('focus')}>{`:${props.command}▏`}</Text>
			) : props.status ? (
				<Text wrap="truncate" {...style(toneToken[props.status.tone])}>{props.status.text}</Text>
			) : (
				<Text> </Text>
			)}
		</Box>
	);
}
