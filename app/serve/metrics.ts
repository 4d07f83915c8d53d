// The store as OpenMetrics text for Prometheus: per-entity gauges with stable names and labels
// (`source`, `id`, `name` and the kind's own keys). A value the device did not report has no
// sample at all, never a 0 that would read as a measurement; a stale entity keeps its last values
// (labdeck_entity_age_seconds says how old they are). Percentages become ratios (Prometheus naming).
import type {Entity} from '../../src/entities.js';
import type {Snapshot} from '../../src/store.js';

type Labels = Readonly<Record<string, string>>;
type Family = {readonly name: string; readonly help: string; readonly samples: {labels: Labels; value: number}[]};

export const openMetricsContentType = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export function renderMetrics(snapshot: Snapshot, now: number = Date.now()): string {
	const families = new Map<string, Family>();
	const add = (name: string, help: string, labels: Labels, value: number | null | undefined | boolean) => {
		if (value === null || value === undefined) return;
		const number = typeof value === 'boolean' ? (value ? 1 : 0) : value;
		if (!Number.isFinite(number)) return;
		let family = families.get(name);
		if (!family) families.set(name, (family = {name, help, samples: []}));
		family.samples.push({labels, value: number});
	};
	const ratio = (percent: number | null) => (percent === null ? null : percent / 100);
	for (const source of Object.values(snapshot.sources)) {
		if (source.status === 'pending' || source.status === 'disabled') continue;
		add('labdeck_source_up', 'Whether the source answered its last poll (1) or not (0)', {source: source.id, type: source.type}, source.status !== 'down');
		add('labdeck_source_latency_seconds', 'Duration of the source’s last successful poll', {source: source.id, type: source.type}, source.latencyMs === null ? null : source.latencyMs / 1000);
	}
	for (const entity of snapshot.entities.values()) {
		const base: Labels = {source: entity.source, id: entity.id, name: entity.name};
		add('labdeck_entity_age_seconds', 'Seconds since the entity was last seen by a poll', {...base, kind: entity.kind}, Math.max(0, (now - entity.seenAt) / 1000));
		perKind(entity, base, add, ratio);
	}
	for (const alert of snapshot.alerts) {
		add('labdeck_alert_active', 'An active labdeck alert (1 while it fires)', {alert: alert.id, rule: alert.ruleId, severity: alert.severity, source: alert.source, entity: alert.entityId ?? ''}, 1);
	}
	for (const severity of ['critical', 'warning', 'info'] as const) add('labdeck_alerts', 'Number of active alerts by severity', {severity}, snapshot.alerts.filter(alert => alert.severity === severity).length);
	const lines: string[] = [];
	for (const family of families.values()) {
		lines.push(`# TYPE ${family.name} gauge`, `# HELP ${family.name} ${family.help}`);
		for (const sample of family.samples) lines.push(`${family.name}{${Object.entries(sample.labels).map(([key, value]) => `${key}="${escape(value)}"`).join(',')}} ${sample.value}`);
	}
	lines.push('# EOF');
	return `${lines.join('\n')}\n`;
}

type Add = (name: string, help: string, labels: Labels, value: number | null | undefined | boolean) => void;

function perKind(entity: Entity, base: Labels, add: Add, ratio: (percent: number | null) => number | null): void {
	switch (entity.kind) {
		case 'host': {
			add('labdeck_host_up', 'Whether the machine is online', base, entity.isOnline);
			add('labdeck_host_cpu_usage_ratio', 'CPU busy share, 0–1', base, ratio(entity.cpu.usage));
			return;
		}
		case 'guest': {
			const up = entity.status === 'running' ? 1 : entity.status === 'unknown' ? null : 0;
			add('labdeck_guest_up', 'Whether the Proxmox guest is running', {...base, node: entity.node}, up);
			return;
		}
		case 'gpu': {
			const labels = {...base, host: entity.host, index: String(entity.index)};
			add('labdeck_gpu_temperature_celsius', 'GPU core temperature', labels, entity.temperature.celsius);
			add('labdeck_gpu_utilization_ratio', 'GPU busy share, 0–1', labels, ratio(entity.utilization.gpu));
			add('labdeck_gpu_power_watts', 'GPU power draw', labels, entity.power.drawWatts);
			add('labdeck_gpu_memory_used_bytes', 'GPU memory in use', labels, entity.memory.usedBytes);
			return;
		}
		case 'outlet': {
			const labels = {...base, pdu: entity.pdu, outlet: String(entity.number)};
			add('labdeck_outlet_on', 'Whether the PDU outlet is switched on', labels, entity.state === 'unknown' ? null : entity.state === 'on');
			add('labdeck_outlet_power_watts', 'Power drawn through the outlet', labels, entity.powerWatts);
			return;
		}
		case 'pdu': {
			add('labdeck_pdu_load_amperes', 'Current drawn through the PDU', base, entity.loadAmps);
			add('labdeck_pdu_power_watts', 'Power drawn through the PDU', base, entity.powerWatts);
			return;
		}
		case 'ups': {
			const isUnknown = entity.flags.length === 0;
			add('labdeck_ups_on_battery', 'Whether the UPS runs on battery', base, isUnknown ? null : entity.flags.includes('on-battery'));
			add('labdeck_ups_runtime_seconds', 'Estimated battery runtime', base, entity.runtimeSec);
			add('labdeck_ups_charge_ratio', 'Battery charge, 0–1', base, ratio(entity.chargePercent));
			add('labdeck_ups_load_ratio', 'Output load, 0–1 of the rating', base, ratio(entity.loadPercent));
			add('labdeck_ups_input_volts', 'Input voltage', base, entity.inputVolts);
			return;
		}
		case 'bmc': {
			add('labdeck_bmc_power_on', 'Whether the BMC reports its server powered on', base, entity.powerState === 'unknown' ? null : entity.powerState === 'on');
			add('labdeck_bmc_power_watts', 'Power consumed, as the BMC reports it', base, entity.powerWatts);
			return;
		}
		default:
	}
}

function escape(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
