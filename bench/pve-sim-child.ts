// Runs the Proxmox simulator in its own process for the bench (so the client's CPU is measured
// alone): prints one JSON line with its address and credentials, runs until stdin closes.
import {startPveSimulator} from '../plugins/proxmox/sim/simulator.js';

const guests = Number(process.argv[2] ?? '2000');
const simulator = await startPveSimulator({extraGuests: guests});
process.stdout.write(`${JSON.stringify({port: simulator.port, fingerprint: simulator.fingerprint, tokenId: simulator.tokenId, token: simulator.tokenSecret})}\n`);
process.stdin.resume();
process.stdin.on('end', () => void simulator.stop().then(() => process.exit(0)));
