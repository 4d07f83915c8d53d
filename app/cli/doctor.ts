// `labdeck doctor`: each source once: reachable, authenticated, latency, and the error in one line.
import type {Lab} from '../../src/lab.js';
import {fit} from '../../src/format.js';
import {exitCodes, type ExitCode, type Io} from './context.js';
import {jsonSchemaVersion} from './json.js';

export type DoctorRow = {
	readonly id: string;
	readonly type: string;
	readonly status: string;
	/** null when the check could not tell (disabled source). */
	readonly isReachable: boolean | null;
	readonly isAuthenticated: boolean | null;
	readonly latencyMs: number | null;
	readonly error: string | null;
};

export async function runDoctor(lab: Lab, asJson: boolean, io: Io): Promise<ExitCode> {
	await lab.poller.pollOnce();
	const rows: DoctorRow[] = Object.values(lab.store.getSnapshot().sources).map(source => {
		const isDisabled = source.status === 'disabled';
		const unreachable = source.errorName === 'UnreachableError' || source.errorName === 'TimeoutError';
		return {
			id: source.id,
			type: source.type,
			status: source.status,
			isReachable: isDisabled ? null : !unreachable,
			isAuthenticated: isDisabled || unreachable ? null : source.errorName !== 'AuthError',
			latencyMs: source.latencyMs,
			error: source.lastError,
		};
	});
	if (asJson) io.out(`${JSON.stringify({schema: jsonSchemaVersion, command: 'doctor', generatedAt: new Date().toISOString(), lab: lab.config.lab, configPath: lab.config.path, items: rows})}\n`);
	else {
		io.out(`config: ${lab.config.path ?? '(none: watching this machine only)'}\n`);
		io.out(`${fit('SOURCE', 16)} ${fit('TYPE', 12)} ${fit('STATUS', 9)} ${fit('REACH', 6)} ${fit('AUTH', 5)} ${fit('LATENCY', 8)} ERROR\n`);
		const yesNo = (value: boolean | null) => (value === null ? '–' : value ? 'yes' : 'NO');
		for (const row of rows) io.out(`${fit(row.id, 16)} ${fit(row.type, 12)} ${fit(row.status, 9)} ${fit(yesNo(row.isReachable), 6)} ${fit(yesNo(row.isAuthenticated), 5)} ${fit(row.latencyMs === null ? '–' : `${row.latencyMs} ms`, 8)} ${row.error ?? ''}\n`);
	}
	return rows.some(row => row.status === 'down' || row.status === 'disabled') ? exitCodes.partial : exitCodes.ok;
}
