// The VMs pane: every Proxmox guest, with the columns and filter fields of the guest kind
// module (`node:`, `tag:`, `status:`, `type:ct`…), and a detail view with passed-through devices
// and recent tasks.
import {Box, Text} from 'ink';
import {useCallback} from 'react';
import type {GpuEntity, GuestEntity} from '../src/entities.js';
import {fit, formatBytes, formatBytesOf, formatDuration, formatPercent} from '../src/format.js';
import {gpuNameForms} from '../src/kinds/gpu.js';
import {guestGlyph, guestKind, guestStatusTone as statusTone} from '../src/kinds/guest.js';
import {guestDetail, taskLines} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {Columns, Field, Section} from './Detail.js';
import {useKindTable} from './kind-table.js';
import {emptyLine, noSourcesLine} from './no-sources.js';
import type {PaneProps} from './pane-handle.js';
import {Sparkline} from './Sparkline.js';
import {TablePane} from './TablePane.js';
import {style} from './theme.js';
import {useSlice} from './use-store.js';

export const vmsSources = {kinds: ['guest'], noun: 'VM'} as const;
const selectGuests = (s: Snapshot) => s.byKind.guest as readonly GuestEntity[];
const selectMissing = (s: Snapshot) => noSourcesLine(s, vmsSources);
const selectEmpty = (s: Snapshot) => emptyLine(s, vmsSources);
const selectSnapshot = (s: Snapshot) => s;

export function VmsPane(props: PaneProps) {
	const guests = useSlice(props.store, selectGuests);
	const missing = useSlice(props.store, selectMissing);
	const empty = useSlice(props.store, selectEmpty);
	const table = useKindTable(guestKind, props.store, props.topology);
	const renderDetail = useCallback(
		(guest: GuestEntity, width: number, height: number, now: number) => <GuestDetail guest={guest} store={props.store} width={width} height={height} now={now} />,
		[props.store],
	);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	return <TablePane {...props} emptyText={empty} title="VMs" rows={guests} columns={table.columns} rowId={g => g.id} filterRow={table.filterRow} entityOf={g => g} renderDetail={renderDetail} />;
}

/** "pve2 GPU0 RTX 4080": the card's name in the longest form that fits. */
function gpuLabel(gpu: GpuEntity, room: number): string {
	const head = `${gpu.host} GPU${gpu.index} `;
	const forms = gpuNameForms(gpu.name);
	return head + (forms.find(form => head.length + form.length <= room) ?? forms[forms.length - 1]!);
}

const taskToken = {ok: 'status.ok', running: 'focus', failed: 'status.crit'} as const;

function GuestDetail({guest, store, width, height, now}: {readonly guest: GuestEntity; readonly store: PaneProps['store']; readonly width: number; readonly height: number; readonly now: number}) {
	const snapshot = useSlice(store, selectSnapshot);
	const {devices, history} = guestDetail(snapshot, guest);
	const isSplit = width >= 70;
	const half = isSplit ? Math.floor(width / 2) : width;
	const config = (
		<Section title={`${guest.vmid} ${guest.name}`}>
			<Field label="status" value={`${guestGlyph[guest.status]} ${guest.status}${guest.lock ? ` (lock: ${guest.lock})` : ''}`} tone={statusTone(guest)} />
			<Field label="type" value={`${guest.guestType === 'qemu' ? 'VM (qemu)' : 'container (lxc)'}${guest.isTemplate ? ', template' : ''}`} />
			<Field label="node" value={`${guest.node} · ${guest.source}`} />
			<Field label="cpu" value={`${formatPercent(guest.cpuPercent)} of ${guest.cpus ?? '–'} cores`} />
			<Field label="memory" value={formatBytesOf(guest.memory.usedBytes, guest.memory.maxBytes)} />
			<Field label="disk" value={formatBytesOf(guest.disk.usedBytes, guest.disk.maxBytes)} />
			<Field label="net in/out" value={`${formatBytes(guest.netInBytesPerSec)}/s ${formatBytes(guest.netOutBytesPerSec)}/s`} />
			<Field label="disk r/w" value={`${formatBytes(guest.diskReadBytesPerSec)}/s ${formatBytes(guest.diskWriteBytesPerSec)}/s`} />
			<Field label="uptime" value={formatDuration(guest.uptimeSec)} />
			<Field label="tags" value={guest.tags.join(', ') || '–'} />
			<Field label="HA" value={guest.haState ?? '–'} />
			<Field label="pool" value={guest.pool ?? '–'} />
		</Section>
	);
	// Tasks get the lines the other sections leave (side by side: the right column's height).
	const used = 1 + Math.max(1, devices.length) + 3 + 1 + (isSplit ? 0 : 13);
	const taskRoom = Math.max(1, height - used);
	const tasks = taskLines(guest.recentTasks, now);
	const shownTasks = tasks.length > taskRoom ? tasks.slice(0, taskRoom - 1) : tasks;
	const right = (
		<Box flexDirection="column">
			<Section title={`passed-through devices (${devices.length})`}>
				{devices.length === 0 ? <Text {...style('muted')}>none</Text> : null}
				{devices.map(device => (
					<Text key={device.label} wrap="truncate">
						{device.label}
						{device.gpu ? <Text {...style('accent')}>{` → ${gpuLabel(device.gpu, half - device.label.length - 4)}`}</Text> : null}
					</Text>
				))}
			</Section>
			<Section title={`recent tasks (${tasks.length})`}>
				{tasks.length === 0 ? <Text {...style('muted')}>none reported</Text> : null}
				{shownTasks.map((task, index) => (
					<Text key={index} wrap="truncate">
						{`${fit(task.type, 9)} ${half >= 60 ? `${task.started} ` : ''}${`${task.age} ago`.padStart(10)} ${task.took.padStart(7)}  `}
						<Text {...style(taskToken[task.tone])}>{task.status}</Text>
					</Text>
				))}
				{shownTasks.length < tasks.length ? <Text {...style('muted')}>{`… ${tasks.length - shownTasks.length} older`}</Text> : null}
			</Section>
			<Section title="history">
				<Sparkline label="cpu" samples={history['cpu']} width={half} range={{min: 0, max: 100}} format={formatPercent} />
				<Sparkline label="memory" samples={history['memory']} width={half} range={{min: 0, max: 100}} format={formatPercent} />
			</Section>
		</Box>
	);
	return <Columns width={width} left={config} right={right} />;
}
