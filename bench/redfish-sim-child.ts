// Runs the 10-BMC Redfish lab for bench/redfish.ts in its own process (so the console's figures
// are its own): prints one JSON line with each BMC's address and credentials; answers each
// `count` line on stdin with the requests each BMC has served; stops when stdin closes.
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {bmcShapes, startBmcLab} from '../plugins/redfish/sim/index.js';

const latencyMs = Number(process.argv[2] ?? '1000');
const specs = Array.from({length: 10}, (_, index) => ({name: `bmc${index}`, shape: bmcShapes[index % bmcShapes.length]!, latencyMs}));
const lab = await startBmcLab(specs, {fixturesDir: fileURLToPath(new URL('../fixtures', import.meta.url))});
process.stdout.write(`${JSON.stringify(lab.bmcs.map(bmc => ({name: bmc.name, host: bmc.host, port: bmc.port, user: bmc.user, password: bmc.password, fingerprint: bmc.fingerprint})))}\n`);
const input = createInterface({input: process.stdin});
input.on('line', line => {
	if (line.trim() === 'count') process.stdout.write(`${JSON.stringify(lab.bmcs.map(bmc => bmc.totalRequests()))}\n`);
});
input.on('close', () => void lab.stop());
