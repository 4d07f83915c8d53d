// Header: lab name, pane tabs, alert counts and clock; the health strip with every source; notices;
// and, while an incident is open, its one-line banner (root cause, key figure, blast radius).
import {Box, Text} from 'ink';
import {incidentBanner, pagingIncidents} from '../src/incidents.js';
import {formatAge, formatClock} from '../src/format.js';
import {sanitizeText} from '../src/sanitize.js';
import {alertCounts, healthStrip, type HealthItem} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import type {Clock} from './clock.js';
import {panes, type PaneKey} from './panes.js';
import {fitTabs} from './tabs.js';
import {style, type Token} from './theme.js';
import {useNow, useSlice, type StoreLike} from './use-store.js';

const healthToken: Record<string, Token> = {ok: 'status.ok', stale: 'stale', down: 'status.crit', degraded: 'status.warn', disabled: 'muted', pending: 'muted'};
const selectHeader = (s: Snapshot) => s;

export function Header({store, clock, pane, width}: {readonly store: StoreLike; readonly clock: Clock; readonly pane: PaneKey; readonly width: number}) {
	const snapshot = useSlice(store, selectHeader);
	const now = useNow(clock);
	const counts = alertCounts(snapshot.alerts);
	const health = healthStrip(snapshot, now);
	const banner = incidentBanner(snapshot.incidents, width);
	const restored = snapshot.restoredFrom !== null && Object.values(snapshot.sources).every(source => source.lastSuccess === null);
	return (
		<Box flexDirection="column" width={width}>
			<Box justifyContent="space-between" width={width}>
				<Text wrap="truncate" {...style('focus')}>{`labdeck · ${snapshot.lab}`}{restored ? <Text {...style('stale')}>{`  last known state, ${formatAge(snapshot.restoredFrom, now)} old`}</Text> : null}</Text>
				<Text>
					<Text {...style(counts.critical > 0 ? 'status.crit' : 'muted')}>{`${counts.critical} crit `}</Text>
					<Text {...style(counts.warning > 0 ? 'status.warn' : 'muted')}>{`${counts.warning} warn `}</Text>
					<Text {...style('muted')}>{`${counts.info} info  `}</Text>
					{formatClock(now)}
				</Text>
			</Box>
			<Text wrap="truncate">
				{fitTabs(shownTabs(snapshot, pane), pane, width).map(tab => (
					<Text key={tab.id} {...style(tab.isActive ? 'focus' : 'muted')} inverse={tab.isActive}>{tab.text}</Text>
				))}
			</Text>
			<Text wrap="truncate">
				{health.length === 0 ? <Text {...style('muted')}>no sources</Text> : null}
				{fitHealth(health, width).map((item, index) => (
					<Text key={item.id} {...style(healthToken[item.status] ?? 'plain')}>{sanitizeText(`${index > 0 ? ' · ' : ''}${item.id.startsWith(okGroup) ? '' : `${item.id} `}${item.text}`)}</Text>
				))}
			</Text>
			{banner ? <Text wrap="truncate" bold {...style(pagingIncidents(snapshot.incidents)[0]?.severity === 'critical' ? 'status.crit' : 'status.warn')}>{sanitizeText(banner)}</Text> : null}
			{snapshot.notices.length > 0 ? <Text wrap="truncate" {...style('status.warn')}>{sanitizeText(snapshot.notices.join(' · '))}</Text> : null}
		</Box>
	);
}

const okGroup = '\u0000ok';


/**
 * Every source when the strip fits. Otherwise the ones that are not ok with "N ok" for the rest;
 * and when even those do not fit, one group per status with its count first ("6 down: pve-demo,
 * gpu-box-1, …"), so that the counts stay on screen whatever is cut.
 */
export function fitHealth(health: readonly HealthItem[], width: number): readonly HealthItem[] {
	const lengthOf = (items: readonly HealthItem[]) => items.reduce((sum, item) => sum + (item.id.startsWith(okGroup) ? 0 : item.id.length + 1) + item.text.length + 3, 0);
	if (lengthOf(health) <= width) return health;
	const ok = health.filter(item => item.status === 'ok');
	const rest = health.filter(item => item.status !== 'ok');
	const okItem = ok.length > 0 ? [{id: okGroup, status: 'ok' as const, text: `${ok.length}${rest.length > 0 ? '' : ` of ${health.length}`} sources ok`}] : [];
	const short = [...rest, ...okItem];
	if (lengthOf(short) <= width) return short;
	const groups = new Map<HealthItem['status'], HealthItem[]>();
	for (const item of rest) groups.set(item.status, [...(groups.get(item.status) ?? []), item]);
	const lists = [...groups].filter(([, items]) => items.length > 1);
	return [
		...[...groups].map(([status, items]) => (items.length === 1 ? items[0]! : {id: `${okGroup}count:${status}`, status, text: `${items.length} ${status}`})),
		...(ok.length > 0 ? [{id: okGroup, status: 'ok' as const, text: `${ok.length} ok`}] : []),
		...lists.map(([status, items]) => ({id: `${okGroup}names:${status}`, status, text: `${status}: ${items.map(item => item.id).join(', ')}`})),
	];
}

export function headerHeight(snapshot: Snapshot): number {
	return 3 + (snapshot.notices.length > 0 ? 1 : 0) + (pagingIncidents(snapshot.incidents).length > 0 ? 1 : 0);
}

/** The incidents tab is shown while an incident is open (or it is the pane on screen); `0` reaches it always. */
function shownTabs(snapshot: Snapshot, pane: PaneKey): typeof panes {
	if (pane === 'incidents' || snapshot.incidents.length > 0) return panes;
	return panes.filter(entry => entry.id !== 'incidents');
}
