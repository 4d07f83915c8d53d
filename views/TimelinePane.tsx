// The timeline pane: what happened in the lab, newest first, across sources and restarts: sources
// going down and up, alerts and incidents, state changes the store saw (a UPS on battery, an
// outlet off, a guest stopped) and operator actions. It reads the events the lab keeps in the
// store (loaded from the persisted log at start, so a console opened mid-outage shows what
// happened before it); Enter shows one event whole.
import {Box, Text} from 'ink';
import {useCallback, useMemo} from 'react';
import {formatAge, formatClock} from '../src/format.js';
import type {Snapshot} from '../src/store.js';
import type {TimelineEvent} from '../src/timeline.js';
import {eventLabel, eventLevel, wrapWords, type EventLevel} from '../src/timeline-events.js';
import {Field} from './Detail.js';
import type {PaneProps} from './pane-handle.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {levelToken, style, type Token} from './theme.js';
import {useSlice} from './use-store.js';

const noEvents: readonly TimelineEvent[] = [];
const selectEvents = (s: Snapshot) => s.timeline ?? noEvents;

export const levelTone = (level: EventLevel): Token => (level === 'info' ? 'accent' : levelToken(level));

/** `HH:MM:SS` today, `MM-DD HH:MM` on another day. */
export function eventTime(at: number, now: number): string {
	const date = new Date(at);
	if (now - at < 20 * 3_600_000 && new Date(now).getDate() === date.getDate()) return formatClock(at);
	const two = (value: number) => String(value).padStart(2, '0');
	return `${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

function columns(now: () => number): readonly Column<TimelineEvent>[] {
	return [
		{id: 'time', title: 'TIME', width: 8, maxWidth: 11, priority: 0, cell: event => eventTime(event.at, now()), sortValue: event => -event.at},
		{id: 'what', title: 'WHAT', width: 6, maxWidth: 9, priority: 0, cell: eventLabel, tone: event => levelTone(eventLevel(event)), sortValue: eventLabel},
		{id: 'source', title: 'SOURCE', width: 6, maxWidth: 16, priority: 1, cell: event => event.source ?? '', sortValue: event => event.source ?? ''},
		{id: 'message', title: 'MESSAGE', width: 20, priority: 2, isFlexible: true, cell: event => event.message, sortValue: event => event.message},
		{id: 'age', title: 'AGE', width: 6, maxWidth: 7, priority: 3, align: 'right', cell: event => formatAge(event.at, now()), sortValue: event => -event.at},
	];
}

const eventId = (event: TimelineEvent) => `${event.at}|${event.type}|${event.entity ?? event.source ?? ''}|${event.message}`;

const filterRow = (event: TimelineEvent) => ({
	text: `${eventLabel(event)} ${event.type} ${event.source ?? ''} ${event.entity ?? ''} ${event.message}`,
	fields: {type: event.type, source: event.source ?? null, entity: event.entity ?? null, change: typeof event.details?.['change'] === 'string' ? event.details['change'] : null, what: eventLabel(event).toLowerCase()},
});

export function TimelinePane(props: PaneProps) {
	const events = useSlice(props.store, selectEvents);
	const cols = useMemo(() => columns(props.clock.now), [props.clock]);
	const renderDetail = useCallback((event: TimelineEvent, width: number, height: number, now: number) => <EventDetail event={event} snapshot={props.store.getSnapshot()} width={width} height={height} now={now} />, [props.store]);
	return (
		<TablePane
			{...props}
			title="Timeline"
			rows={events}
			columns={cols}
			rowId={eventId}
			filterRow={filterRow}
			entityOf={() => undefined}
			renderDetail={renderDetail}
			count={(shown, all) => `${shown.length === all.length ? all.length : `${shown.length}/${all.length}`} event${all.length === 1 ? '' : 's'}, newest first`}
			emptyText="No events yet: sources going down and up, alerts, state changes and actions appear here as they happen."
		/>
	);
}

/** A detail's value as text; epoch-ms times (`previousSeenAt`, `downSince`) as ISO times. */
function detailValue(key: string, value: unknown): string {
	if (typeof value === 'number' && /(At|Since)$/.test(key) && value > 1e12) return new Date(value).toISOString();
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function EventDetail({event, snapshot, width, height, now}: {readonly event: TimelineEvent; readonly snapshot: Snapshot; readonly width: number; readonly height: number; readonly now: number}) {
	const entity = event.entity ? snapshot.entities.get(event.entity) : undefined;
	const message = wrapWords(event.message, width);
	const details = Object.entries(event.details ?? {}).map(([key, value]) => `${key}: ${detailValue(key, value)}`);
	const room = Math.max(0, height - 5 - message.length);
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate" {...style(levelTone(eventLevel(event)))}>{`${eventLabel(event)} · ${new Date(event.at).toISOString()} (${formatAge(event.at, now)} ago)`}</Text>
			{message.map((line, index) => <Text key={index}>{line}</Text>)}
			<Field label="source" value={event.source ?? '–'} />
			<Field label="entity" value={event.entity ? `${event.entity}${entity ? ` (${entity.name})` : ''}` : '–'} />
			{details.slice(0, room).map(line => <Text key={line} wrap="truncate" {...style('muted')}>{line}</Text>)}
		</Box>
	);
}
