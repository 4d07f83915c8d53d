// The demo lab, in one place: racks, devices (rack position, the outlet feeding each and its
// draw, shed priority), which simulator plays which device, and the drills. Adding a machine to
// the demo touches this file only; adding a simulator adds an adapter (app/demo/sims/) and one
// line in app/demo/simulators.ts, then entries here.
import type {DemoLabData} from './types.js';

export const demoLab = {
	racks: [{id: 'main', name: 'Main rack', height: 42}],
	volts: 230,
	sources: [{id: 'local', type: 'local', name: 'this machine'}],
	simulators: [
		{sim: 'proxmox', source: 'pve-demo', name: 'Proxmox demo cluster'},
		{sim: 'ssh', source: 'ssh-demo', name: 'SSH hosts'},
		{sim: 'apc-pdu', source: 'pdu-a', name: 'PDU A (AP8941)', fixture: 'apc-pdu/ap8941-rpdu2.snmprec'},
		{sim: 'ups', source: 'ups-a', name: 'UPS A (Smart-UPS 3000)', fixture: 'ups/smart-ups-3000-nmc2.snmprec', feeds: 'pdu-a', nominalWatts: 2700, capacityWh: 600},
		{sim: 'nut', source: 'nut-demo', name: 'Desk UPS (NUT)', fixture: 'nut/desk.dev', ups: 'desk'},
		{sim: 'wol', source: 'wol-demo', name: 'Wake-on-LAN'},
		{sim: 'redfish', source: 'bmc-demo', name: 'Server BMCs'},
		{sim: 'homeassistant', source: 'ha-demo', name: 'Home Assistant', runsOn: 'guest:pve-demo/102'},
		{sim: 'homeseer', source: 'hs4-demo', name: 'HS4 Pi'},
		{sim: 'mqtt', source: 'mqtt-demo', name: 'Lab broker'},
	],
	devices: [
		{id: 'pdu-a', name: 'PDU A', rack: 'main', u: 1, height: 1, ups: 'ups:ups-a/ups', playedBy: [{source: 'pdu-a'}]},
		{id: 'ups-a', name: 'UPS A', rack: 'main', u: 2, height: 2, playedBy: [{source: 'ups-a'}]},
		{id: 'pve1', rack: 'main', restore: 'off', u: 20, height: 2, outlet: {pdu: 'pdu-a', number: 1, watts: 180}, priority: 6, playedBy: [{source: 'pve-demo', node: 'pve1'}, {source: 'bmc-demo', bmcSource: 'pve1-bmc', shape: 'ilo4'}]},
		{id: 'pve2', rack: 'main', restore: 'off', u: 22, height: 2, outlet: {pdu: 'pdu-a', number: 2, watts: 420}, priority: 5, playedBy: [
			{source: 'pve-demo', node: 'pve2'},
			{source: 'bmc-demo', bmcSource: 'pve2-bmc', shape: 'idrac9'},
			{source: 'ssh-demo', sshSource: 'pve2-ssh', profile: 'pve2', gpuSource: 'gpus-pve2', gpuFixture: 'nvidia/pve2.xml'},
		]},
		{id: 'pve3', rack: 'main', restore: 'off', u: 24, height: 2, outlet: {pdu: 'pdu-a', number: 3, watts: 160}, priority: 4, playedBy: [{source: 'pve-demo', node: 'pve3'}, {source: 'bmc-demo', bmcSource: 'pve3-bmc', shape: 'cimc-m6'}]},
		{id: 'gpu-box-1', rack: 'main', u: 30, height: 4, outlet: {pdu: 'pdu-a', number: 4, watts: 650}, priority: 3, playedBy: [
			{source: 'ssh-demo', sshSource: 'gpu-box-1', profile: 'gpu-box-1', gpuSource: 'gpus-box-1', gpuFixture: 'nvidia/gpu-box-1.xml'},
		]},
		{id: 'gpu-box-2', rack: 'main', u: 34, height: 4, outlet: {pdu: 'pdu-a', number: 5, watts: 480}, priority: 2, playedBy: [
			{source: 'ssh-demo', sshSource: 'gpu-box-2', profile: 'gpu-box-2', gpuSource: 'gpus-box-2', gpuFixture: 'nvidia/gpu-box-2.xml'},
		]},
		{id: 'switch', rack: 'main', u: 40, height: 1, outlet: {pdu: 'pdu-a', number: 6, watts: 45}, priority: 9},
		{id: 'dev-ws', outlet: {pdu: 'pdu-a', number: 7, watts: 220}, priority: 1, ups: 'ups:nut-demo/desk', playedBy: [
			{source: 'nut-demo', ups: 'desk', outlet: 1},
			{source: 'wol-demo', host: 'dev-ws', mac: '3c:7c:3f:1e:a2:09'},
		]},
	],
	scenarios: {
		'power-outage': {description: 'Mains lost: the UPSes go on battery', mainsLostAfterSec: 0},
		'node-down': {description: 'A Proxmox node drops out of the cluster', nodeDown: {device: 'pve3', afterSec: 20}},
		'gpu-overheat': {description: 'A GPU heats past its slowdown threshold', gpuOverheat: {device: 'gpu-box-1', gpu: 0}},
		'psu-failure': {description: 'A power supply of pve2 fails (redundancy lost), then a fan', psuFailure: {device: 'pve2', afterSec: 10, fanAfterSec: 20}},
	},
} as const satisfies DemoLabData;

export type Scenario = keyof typeof demoLab.scenarios;
export const scenarios = Object.keys(demoLab.scenarios) as Scenario[];
