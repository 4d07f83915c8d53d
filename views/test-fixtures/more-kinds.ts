// Storage, BMC, ATS and automation entities for the view-test lab, made by the real parsers over the
// project's fixtures (Proxmox cluster resources, a Dell iDRAC 9 Redfish tree, a NUT ATS dump, Home
// Assistant states), so every
// kind module has rows in view tests. Test code only: views' production code imports no plugin.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {BmcEntity, EntityDraft} from '../../src/entities.js';
import {parseStates, toEntities} from '../../plugins/homeassistant/parse.js';
import {entitiesFromVars, parseDev} from '../../plugins/nut/parse.js';
import {buildEntities} from '../../plugins/proxmox/parse-entities.js';
import {parseResources} from '../../plugins/proxmox/parse.js';
import {parsePower, parseThermal, powerState, record, text, worst, health} from '../../plugins/redfish/parse.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8');

/** The Proxmox cluster's storages (its nodes and guests come from the lab's own builders). */
export function storageDrafts(source: string): EntityDraft[] {
	const resources = parseResources((JSON.parse(fixture('proxmox/replies/cluster-resources.json')) as {data: unknown}).data, source);
	const {entities} = buildEntities({source, now: 0, status: null, resources, ha: null, nodeDetails: new Map(), pci: new Map(), previous: new Map()});
	return entities.filter(entity => entity.kind === 'storage');
}

/** A Dell PowerEdge behind its iDRAC 9: the legacy Thermal and Power resources, the system's facts. */
export function bmcDrafts(source: string): EntityDraft[] {
	const tree = JSON.parse(fixture('redfish/idrac9.json')) as Record<string, unknown>;
	const at = (path: string) => record(tree[`/redfish/v1/${path}`]) ?? {};
	const system = at('Systems/System.Embedded.1');
	const thermal = parseThermal(at('Chassis/System.Embedded.1/Thermal'));
	const power = parsePower(at('Chassis/System.Embedded.1/Power'));
	const status = record(system.Status) ?? {};
	const bmc: Omit<BmcEntity, 'seenAt'> = {
		id: `bmc:${source}/System.Embedded.1`, kind: 'bmc', source, localId: 'System.Embedded.1', name: text(system.HostName) ?? 'r640',
		model: text(system.Model), manufacturer: text(system.Manufacturer), serial: text(system.SerialNumber), hostname: text(system.HostName),
		biosVersion: text(system.BiosVersion), bmcFirmware: text(at('Managers/iDRAC.Embedded.1').FirmwareVersion),
		powerState: powerState(system.PowerState), chassisPowerState: 'unknown',
		health: worst([health(status.HealthRollup ?? status.Health), thermal.health, power.health]),
		subsystems: {system: health(status.Health), thermal: thermal.health, power: power.health, manager: null},
		indicatorLed: 'off',
		temperatures: thermal.temperatures, fans: thermal.fans, fanRedundancyLost: thermal.fanRedundancyLost,
		powerSupplies: power.powerSupplies, psuRedundancyLost: power.psuRedundancyLost, powerWatts: power.powerWatts,
		events: [], resetTypes: ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart'],
	};
	return [bmc];
}

/** An APC rack ATS as NUT reports it. */
export function atsDrafts(source: string): EntityDraft[] {
	return entitiesFromVars({source, ups: 'ats'}, parseDev(fixture('nut/ats.dev')).vars);
}

/** A Home Assistant hub's automations, scripts and scenes. */
export function automationDrafts(source: string): EntityDraft[] {
	const states = parseStates(JSON.parse(fixture('homeassistant/states.json')), {source, operation: 'GET /api/states'});
	return toEntities(states, {source, hub: 'Home', sensors: new Set(), watch: new Map(), runsOn: null});
}
