// Reachability rules over machines that have both a BMC and an OS view (issue 11): the BMC's
// source down while the OS answers (a warning: out-of-band control is lost), and every OS view
// silent while the BMC answers and says the power is on (critical: the machine is hung). Both
// alerts sit on the BMC entity; the incident engine folds them under a cause that explains them
// (an outlet off, a node down, the BMC's own source unreachable, a planned step under a UPS).
// The hung alert waits `machineHungAfterSec` as a warning before it is critical (src/alerts.ts).
import type {BmcEntity, HostEntity} from './entities.js';
import {machines} from './devices.js';
import type {Alert, Severity, Snapshot, Topology} from './model.js';
import {staleness} from './staleness.js';

/** Rule ids (also the alerts' condition). */
export const bmcUnreachableRule = 'machine.bmc-unreachable';
export const machineHungRule = 'machine.hung';

/** Seconds a machine stays silent under a live BMC before `machine.hung` is critical (a warning until then, as a node offline is). */
export const machineHungAfterSec = 60;

/** An alert before the engine adds its start time and impact. */
export type MachineFinding = Omit<Alert, 'since' | 'impact'>;

const answers = (host: HostEntity, snapshot: Snapshot, now: number) => host.isOnline === true && !staleness(host, snapshot, now).isStale;
const bmcAnswers = (bmc: BmcEntity, snapshot: Snapshot, now: number) => snapshot.sources[bmc.source]?.status !== 'down' && !staleness(bmc, snapshot, now).isStale;

/** The machines whose BMC and OS views disagree on reachability, one finding per machine at most. */
export function machineFindings(snapshot: Snapshot, topology: Topology, now: number): MachineFinding[] {
	const findings: MachineFinding[] = [];
	for (const machine of machines(snapshot, topology)) {
		const bmc = machine.bmcs[0];
		if (!bmc || machine.hosts.length === 0) continue;
		// A source never polled yet says nothing either way.
		const known = (source: string) => snapshot.sources[source]?.lastSuccess !== null && snapshot.sources[source] !== undefined;
		if (!known(bmc.source) || !machine.hosts.some(host => known(host.source))) continue;
		const isOsUp = machine.hosts.some(host => answers(host, snapshot, now));
		const liveBmc = machine.bmcs.find(item => bmcAnswers(item, snapshot, now));
		const make = (ruleId: string, severity: Severity, message: string): MachineFinding => ({id: `${ruleId}:${bmc.id}`, ruleId, condition: ruleId, severity, entityId: (liveBmc ?? bmc).id, source: (liveBmc ?? bmc).source, message});
		if (!liveBmc && isOsUp) findings.push(make(bmcUnreachableRule, 'warning', `BMC of ${machine.name} unreachable while ${machine.name} answers`));
		else if (liveBmc?.powerState === 'on' && !isOsUp) findings.push(make(machineHungRule, 'critical', `${machine.name} powered on but not answering (hung?)`));
	}
	return findings;
}
