// Planned changes: what operators switched off, shut down or stopped on purpose, from the audit
// log (actions run from the console or the CLI, and each step of a plan). The incident engine
// asks it whether a state change was planned, so that an outlet an operator switched off, or the
// machines a shed plan powered down, are recorded as planned and do not page. A later action that
// turns the target back on (or a failed one) ends the plan; plans older than `maxAgeMs` expire.
import {closeSync, fstatSync, openSync, readSync} from 'node:fs';
import {userInfo} from 'node:os';
import type {AuditRecord} from './audit.js';
import type {PlannedChange} from './model.js';

/** Verbs that take something down on purpose (`outlet.off`, `guest.shutdown`, `host.power-off`…). */
const downVerbs = /\.(off|shutdown|stop|reboot|suspend|power-off|shed-load|hibernate)$/;

export const plannedMaxAgeMs = 24 * 3600_000;
/** How much of the audit log's end is read at start (a console opened after the action). */
const tailBytes = 256 * 1024;

export class PlannedChanges {
	readonly #byTarget = new Map<string, PlannedChange | null>();
	readonly #maxAgeMs: number;

	constructor(maxAgeMs = plannedMaxAgeMs) {
		this.#maxAgeMs = maxAgeMs;
	}

	/** Notes one audit record (in order of time). */
	note(record: Pick<AuditRecord, 'action' | 'targets' | 'result' | 'origin'> & {readonly time: string; readonly user?: string}): void {
		if (record.result !== 'ok' && record.result !== 'step') return;
		const at = Date.parse(record.time);
		if (!Number.isFinite(at)) return;
		const change = downVerbs.test(record.action) ? {action: record.action, at, user: record.user ?? currentUser(), origin: record.result === 'step' ? 'plan step' : record.origin} : null;
		for (const target of record.targets) this.#byTarget.set(target, change);
	}

	/** The planned change that put this entity in its state, if any. */
	lookup(entityId: string, now = Date.now()): PlannedChange | undefined {
		const change = this.#byTarget.get(entityId);
		return change && now - change.at <= this.#maxAgeMs ? change : undefined;
	}

	/** Reads the end of an audit log (JSON lines); unreadable lines are skipped. A missing file is no plan. */
	load(file: string): void {
		let fd: number | undefined;
		try {
			fd = openSync(file, 'r');
			const size = fstatSync(fd).size;
			const length = Math.min(size, tailBytes);
			const buffer = Buffer.alloc(length);
			readSync(fd, buffer, 0, length, size - length);
			const lines = buffer.toString('utf8').split('\n');
			if (length < size) lines.shift();
			for (const line of lines) {
				try {
					const record = JSON.parse(line) as Partial<AuditRecord>;
					if (typeof record.action === 'string' && Array.isArray(record.targets) && typeof record.time === 'string' && (record.result === 'ok' || record.result === 'step')) {
						this.note({action: record.action, targets: record.targets.filter(target => typeof target === 'string'), result: record.result, origin: record.origin ?? 'cli', time: record.time, user: record.user ?? currentUser()});
					}
				} catch {}
			}
		} catch {
		} finally {
			if (fd !== undefined) closeSync(fd);
		}
	}
}

function currentUser(): string {
	try {
		return userInfo().username;
	} catch {
		return 'unknown';
	}
}
