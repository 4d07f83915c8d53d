// The confirm gate. The safe choice comes first and is focused: Esc and Enter-on-default cancel.
// low: y/N; high: every target with what depends on it; destructive: type the target's name.
// It takes the terminal's whole width, and the blast radius is wrapped, never cut.
import {Box, Text} from 'ink';
import {wrapText} from '../src/wrap.js';
import type {ActionPlan} from './action-runner.js';
import {selectable, style} from './theme.js';

export type ConfirmDialogProps = {
	readonly plan: ActionPlan;
	readonly focus: 'cancel' | 'confirm';
	/** What the user typed so far (destructive). */
	readonly typed: string;
	readonly note: string | undefined;
	readonly width: number;
	/** Lines available. */
	readonly height: number;
};

const riskToken = {read: 'muted', low: 'status.ok', high: 'status.warn', destructive: 'status.crit'} as const;

export function ConfirmDialog({plan, focus, typed, note, width, height}: ConfirmDialogProps) {
	const isDestructive = plan.risk === 'destructive';
	const showImpact = plan.risk === 'high' || isDestructive;
	const body: string[] = [...plan.lines];
	if (showImpact) {
		for (const target of plan.targets) {
			const impact = plan.impact.find(item => item.target === target.name);
			body.push(`• ${target.name}${impact && impact.dependents.length > 0 ? ` → ${impact.dependents.join(', ')}` : ''}`);
		}
	} else {
		body.push(`target: ${plan.targets.map(target => target.name).join(', ')}`);
	}
	const inner = Math.max(20, width - 4);
	const wrapped = body.flatMap(line => wrapText(line, inner, /^\s*/.exec(line)![0] + '    '));
	const room = Math.max(1, height - 6);
	const shown = wrapped.length > room ? [...wrapped.slice(0, room - 1), `… and ${wrapped.length - room + 1} more lines`] : wrapped;
	return (
		<Box flexDirection="column" borderStyle="round" width={width} paddingX={1}>
			<Text wrap="truncate" {...style(riskToken[plan.risk])}>{`${plan.label}? (${plan.risk}${plan.targets.length > 1 ? `, ${plan.targets.length} targets` : ''})`}</Text>
			{shown.map((line, index) => <Text key={index} wrap="truncate">{line}</Text>)}
			{isDestructive ? (
				<>
					<Text wrap="truncate">{`Type ${plan.confirmName ?? '?'} to confirm, Esc to cancel:`}</Text>
					<Text wrap="truncate" {...style('focus')}>{`> ${typed}▏`}</Text>
				</>
			) : (
				<Text>
					<Text inverse={focus === 'cancel'} {...style(focus === 'cancel' ? 'focus' : 'plain')}>{selectable('Cancel', focus === 'cancel')}</Text>
					{'  '}
					<Text inverse={focus === 'confirm'} {...style(focus === 'confirm' ? riskToken[plan.risk] : 'plain')}>{selectable(plan.label, focus === 'confirm')}</Text>
					<Text {...style('muted')}>{'   y/N · ←→ · Esc'}</Text>
				</Text>
			)}
			{note ? <Text wrap="truncate" {...style('status.warn')}>{note}</Text> : null}
		</Box>
	);
}
