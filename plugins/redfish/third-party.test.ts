// Clients no one here wrote, against the simulator: Debian's `redfishtool` (DMTF) and
// `python3-sushy` (OpenStack). Each reads the service root, systems, chassis power and thermal,
// logs in with a session and resets the system, so the simulator is checked as valid Redfish.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BmcLab} from './sim/index.js';
import {startLab} from './test-helpers.js';

const run = promisify(execFile);
let lab: BmcLab;

beforeAll(async () => {
	lab = await startLab([{name: 'for-redfishtool', shape: 'idrac9'}, {name: 'for-sushy', shape: 'ilo5'}]);
});

afterAll(async () => {
	await lab.stop();
});

// requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override `verify=False`: clear them for the client.
const clientEnv = (): NodeJS.ProcessEnv => {
	const env = {...process.env};
	delete env.REQUESTS_CA_BUNDLE;
	delete env.CURL_CA_BUNDLE;
	return env;
};

describe('third-party Redfish clients against the simulator', () => {
	it('redfishtool: root, systems, chassis power and thermal, sessions, a reset', async () => {
		const bmc = lab.bmc('for-redfishtool');
		const tool = async (...args: string[]) => {
			const {stdout} = await run('redfishtool', ['-r', `127.0.0.1:${bmc.port}`, '-u', bmc.user, '-p', bmc.password, '-SAlways', '-ASession', '-T', '5', ...args], {timeout: 20_000, env: clientEnv()});
			return JSON.parse(stdout) as Record<string, unknown>;
		};
		expect(await tool('root')).toMatchObject({RedfishVersion: '1.11.0', Systems: {'@odata.id': '/redfish/v1/Systems'}});
		expect(await tool('Systems', '-1', 'get')).toMatchObject({Id: 'System.Embedded.1', PowerState: 'On', Model: 'PowerEdge R640'});
		const power = await tool('Chassis', '-1', 'Power');
		expect((power.PowerControl as {PowerConsumedWatts: number}[])[0]!.PowerConsumedWatts).toBe(290);
		const thermal = await tool('Chassis', '-1', 'Thermal');
		expect((thermal.Temperatures as unknown[]).length).toBe(3);
		const sessionsBefore = bmc.requests.get('POST /redfish/v1/SessionService/Sessions') ?? 0;
		expect(sessionsBefore).toBeGreaterThan(0);
		await run('redfishtool', ['-r', `127.0.0.1:${bmc.port}`, '-u', bmc.user, '-p', bmc.password, '-SAlways', '-ASession', 'Systems', '-1', 'reset', 'ForceOff'], {timeout: 20_000, env: clientEnv()});
		expect(bmc.model.systems()[0]!.PowerState).toBe('Off');
		expect(await tool('Systems', '-1', 'get', '-P', 'PowerState')).toEqual({PowerState: 'Off'});
	});

	it('sushy: service root, system, allowed resets, chassis thermal and power, session, a reset', async () => {
		const bmc = lab.bmc('for-sushy');
		const script = `
import json, sys, warnings
warnings.filterwarnings('ignore')
import sushy
port, user, password = sys.argv[1:4]
root = sushy.Sushy('https://127.0.0.1:%s/redfish/v1' % port, username=user, password=password, verify=False)
system = root.get_system(root.get_system_collection().members_identities[0])
chassis = root.get_chassis(root.get_chassis_collection().members_identities[0])
out = {
  'version': root.redfish_version,
  'system': system.identity, 'serial': system.serial_number, 'power': str(system.power_state),
  'resets': sorted(str(value) for value in system.get_allowed_reset_system_values()),
  'temperatures': [item.reading_celsius for item in chassis.thermal.temperatures],
  'fans': [item.reading for item in chassis.thermal.fans],
  'volts': [item.line_input_voltage for item in chassis.power.power_supplies],
  'sessions': len(root.get_session_service().sessions.members_identities),
}
system.reset_system(sushy.ResetType.FORCE_OFF)
system.refresh()
out['after'] = str(system.power_state)
print(json.dumps(out))
`;
		const {stdout} = await run('/usr/bin/python3', ['-c', script, String(bmc.port), bmc.user, bmc.password], {timeout: 30_000, env: clientEnv()});
		const out = JSON.parse(stdout) as Record<string, unknown>;
		expect(out).toMatchObject({version: '1.6.0', system: '1', serial: 'MXQ9210XYZ', power: 'PowerState.ON', temperatures: [20, 40, 40], fans: [23, 23, 23, 23], after: 'PowerState.OFF'});
		expect(out.resets).toEqual(expect.arrayContaining(['ResetType.ON', 'ResetType.FORCE_OFF', 'ResetType.GRACEFUL_SHUTDOWN']));
		// iLO 5's second supply is Absent: sushy lists it with no voltage, as the tree says.
		expect(out.volts).toEqual([230, null]);
		expect(out.sessions).toBeGreaterThanOrEqual(1);
		expect(bmc.model.systems()[0]!.PowerState).toBe('Off');
	});
});
