// The simulated machine behind a Redfish tree: power state changes from reset actions, the
// indicator LED, the event log and the `psu-failure` scenario (a supply fails, redundancy is
// lost, then a fan). Works on legacy Thermal/Power resources and on the newer
// ThermalSubsystem/PowerSubsystem alike, by following the links the tree itself declares.
import type {EventEmitter} from 'node:events';
import {normalizePath, rootPath, type Resource, type Tree} from './tree.js';

export type PowerEvent = {readonly bmc: string; readonly system: string; readonly isOn: boolean; readonly resetType: string};

const link = (value: unknown): string | undefined => {
	const id = (value as {'@odata.id'?: unknown} | undefined)?.['@odata.id'];
	return typeof id === 'string' ? normalizePath(id) : undefined;
};

export class SimModel {
	readonly #tree: Tree;
	readonly #name: string;
	readonly #events: EventEmitter;
	#eventSeq = 1000;
	readonly #onWatts = new Map<Resource, number>();
	readonly #timers = new Set<NodeJS.Timeout>();
	/** How long a graceful shutdown or restart takes before the power state changes, ms. */
	gracefulDelayMs = 0;

	constructor(tree: Tree, name: string, events: EventEmitter) {
		this.#tree = tree;
		this.#name = name;
		this.#events = events;
	}

	/** Cancels pending power changes (at stop). */
	stop(): void {
		for (const timer of this.#timers) clearTimeout(timer);
		this.#timers.clear();
	}

	get(path: string): Resource | undefined {
		return this.#tree.get(normalizePath(path));
	}

	members(path: string | undefined): Resource[] {
		const collection = path ? this.get(path) : undefined;
		const members = Array.isArray(collection?.Members) ? (collection.Members as unknown[]) : [];
		return members.map(member => (link(member) ? this.get(link(member)!) : (member as Resource))).filter((member): member is Resource => member !== undefined);
	}

	systems(): Resource[] {
		return this.members(link(this.get(rootPath)?.Systems));
	}

	chassis(): Resource[] {
		return this.members(link(this.get(rootPath)?.Chassis));
	}

	/** Applies a reset action posted to `target`; returns an error text when it is refused. */
	reset(target: string, resetType: string): string | undefined {
		const path = normalizePath(target);
		for (const resource of [...this.systems(), ...this.chassis(), ...this.members(link(this.get(rootPath)?.Managers))]) {
			const actions = (resource.Actions ?? {}) as Record<string, {target?: string; 'ResetType@Redfish.AllowableValues'?: string[]}>;
			for (const [name, action] of Object.entries(actions)) {
				if (!name.endsWith('.Reset') || !action.target || normalizePath(action.target) !== path) continue;
				const allowed = action['ResetType@Redfish.AllowableValues'];
				if (allowed && !allowed.includes(resetType)) return `ResetType ${resetType} is not one of ${allowed.join(', ')}`;
				if (name.includes('Manager')) return undefined;
				this.#applyReset(resource, resetType);
				return undefined;
			}
		}
		return 'no such action';
	}

	#applyReset(resource: Resource, resetType: string): void {
		const wasOn = resource.PowerState === 'On';
		if (resetType === 'Nmi') return;
		const isOn = resetType === 'PushPowerButton' ? !wasOn : ['On', 'ForceOn', 'ForceRestart', 'GracefulRestart', 'PowerCycle'].includes(resetType);
		if (resetType.startsWith('Graceful') && this.gracefulDelayMs > 0) {
			// The OS takes its time to shut down: the state changes later, as on a real machine.
			const timer = setTimeout(() => {
				this.#timers.delete(timer);
				this.setPower(isOn, resetType);
			}, this.gracefulDelayMs);
			this.#timers.add(timer);
			return;
		}
		this.setPower(isOn, resetType);
	}

	/** Powers every system (and chassis) on or off, as a reset or the demo's outlets would. */
	setPower(isOn: boolean, resetType = isOn ? 'On' : 'ForceOff'): void {
		for (const system of this.systems()) {
			system.PowerState = isOn ? 'On' : 'Off';
			this.#events.emit('power', {bmc: this.#name, system: String(system.Id ?? ''), isOn, resetType} satisfies PowerEvent);
		}
		for (const chassis of this.chassis()) if ('PowerState' in chassis) chassis.PowerState = isOn ? 'On' : 'Off';
		for (const power of this.#powerResources()) {
			for (const control of (power.PowerControl ?? []) as Resource[]) {
				if (typeof control.PowerConsumedWatts === 'number') {
					if (!this.#onWatts.has(control)) this.#onWatts.set(control, control.PowerConsumedWatts);
					control.PowerConsumedWatts = isOn ? this.#onWatts.get(control)! : 12;
				}
			}
		}
		this.addEvent(isOn ? 'OK' : 'Warning', isOn ? `Server power restored (${resetType})` : `Server powered off (${resetType})`);
	}

	setLed(path: string, body: Resource): boolean {
		const resource = this.get(path);
		if (!resource) return false;
		if (typeof body.IndicatorLED === 'string') resource.IndicatorLED = body.IndicatorLED;
		if (typeof body.LocationIndicatorActive === 'boolean') resource.LocationIndicatorActive = body.LocationIndicatorActive;
		return true;
	}

	/** Fails one power supply (its health Critical, no input) and marks the PSU redundancy lost. */
	failPsu(index = 0): void {
		for (const power of this.#powerResources()) {
			const supply = ((power.PowerSupplies ?? []) as Resource[])[index];
			if (supply) Object.assign(supply, {Status: {State: 'Enabled', Health: 'Critical'}, PowerInputWatts: 0, LineInputVoltage: 0});
			for (const group of (power.Redundancy ?? []) as Resource[]) group.Status = {State: 'Enabled', Health: 'Critical'};
		}
		for (const subsystem of this.#subsystems('PowerSubsystem')) {
			const supply = this.members(link(subsystem.PowerSupplies))[index];
			if (supply) supply.Status = {State: 'Enabled', Health: 'Critical'};
			const metrics = supply ? this.get(link(supply.Metrics) ?? '') : undefined;
			if (metrics) Object.assign(metrics, {InputPowerWatts: {Reading: 0}, InputVoltage: {Reading: 0}});
			for (const group of (subsystem.PowerSupplyRedundancy ?? []) as Resource[]) group.Status = {State: 'Enabled', Health: 'Critical'};
			subsystem.Status = {State: 'Enabled', Health: 'Critical'};
		}
		this.#rollup('Critical');
		this.addEvent('Critical', `Power supply ${index + 1} failed; power supply redundancy lost`);
	}

	/** Stops one fan (reading 0, health Critical). */
	failFan(index = 0): void {
		for (const chassis of this.chassis()) {
			const thermal = this.get(link(chassis.Thermal) ?? '');
			const fan = ((thermal?.Fans ?? []) as Resource[])[index];
			if (fan) {
				Object.assign(fan, {Status: {State: 'Enabled', Health: 'Critical'}});
				if ('Reading' in fan) fan.Reading = 0;
				if ('CurrentReading' in fan) fan.CurrentReading = 0;
			}
			const subsystem = this.get(link(chassis.ThermalSubsystem) ?? '');
			const subFan = subsystem ? this.members(link(subsystem.Fans))[index] : undefined;
			if (subFan) Object.assign(subFan, {Status: {State: 'Enabled', Health: 'Critical'}, SpeedPercent: {Reading: 0, SpeedRPM: 0}});
			if (subsystem) subsystem.Status = {State: 'Enabled', Health: 'Critical'};
		}
		this.#rollup('Critical');
		this.addEvent('Critical', `Fan ${index + 1} failed`);
	}

	/** Appends an entry to every event log of the tree. */
	addEvent(severity: 'OK' | 'Warning' | 'Critical', message: string): void {
		for (const [path, resource] of this.#tree) {
			if (!path.endsWith('/Entries') || !Array.isArray(resource.Members)) continue;
			const id = String(++this.#eventSeq);
			const entry = {'@odata.id': `${path}/${id}`, '@odata.type': '#LogEntry.v1_4_0.LogEntry', Id: id, Name: 'Log Entry', EntryType: 'Event', Severity: severity, Message: message, Created: new Date().toISOString()};
			(resource.Members as unknown[]).push(entry);
			resource['Members@odata.count'] = (resource.Members as unknown[]).length;
			this.#tree.set(`${path}/${id}`, entry);
		}
	}

	#rollup(health: string): void {
		for (const resource of [...this.systems(), ...this.chassis()]) {
			const status = (resource.Status ?? {}) as Resource;
			resource.Status = {...status, Health: health, ...('HealthRollup' in status ? {HealthRollup: health} : {})};
		}
	}

	#powerResources(): Resource[] {
		return this.chassis().map(chassis => this.get(link(chassis.Power) ?? '')).filter((power): power is Resource => power !== undefined);
	}

	#subsystems(name: 'PowerSubsystem' | 'ThermalSubsystem'): Resource[] {
		return this.chassis().map(chassis => this.get(link(chassis[name]) ?? '')).filter((resource): resource is Resource => resource !== undefined);
	}
}
