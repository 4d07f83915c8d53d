// The append-only audit log (JSON lines) in the state directory: every action requested, run or
// refused, with who asked (console or CLI), the targets, the outcome and the time.
import {appendFileSync, mkdirSync} from 'node:fs';
import {userInfo} from 'node:os';
import path from 'node:path';

export type AuditRecord = {
	readonly time: string;
	readonly user: string;
	readonly origin: 'console' | 'cli';
	readonly action: string;
	readonly targets: readonly string[];
	readonly risk: string;
	readonly params?: Readonly<Record<string, string>>;
	/** `refused` (read-only, not confirmed, invalid), `ok`, `failed`, `step` (a step of a plan). */
	readonly result: 'refused' | 'ok' | 'failed' | 'step';
	readonly message: string;
	readonly durationMs?: number;
	readonly details?: Readonly<Record<string, unknown>>;
};

/** `user` defaults to this process's user; `labdeck serve` names the attached operator. */
export type AuditLog = {readonly path: string; append(record: Omit<AuditRecord, 'time' | 'user'> & {readonly user?: string}): void};

export function openAuditLog(dir: string): AuditLog {
	const file = path.join(dir, 'audit.jsonl');
	let user = 'unknown';
	try {
		user = userInfo().username;
	} catch {}
	return {
		path: file,
		append(record) {
			mkdirSync(dir, {recursive: true, mode: 0o700});
			// One write per record with O_APPEND: lines from two labdeck processes never interleave.
			appendFileSync(file, `${JSON.stringify({time: new Date().toISOString(), user, ...record})}\n`, {mode: 0o600});
		},
	};
}
