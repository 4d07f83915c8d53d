// Bounding work by an AbortSignal, for code whose calls take none (systeminformation: the poll stops
// waiting for them, the call itself finishes in the background and its result is dropped), and an
// abortable wait (retry delays, settle polls).

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export async function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	// Once the caller stops waiting, a late rejection of `promise` must not become unhandled.
	promise.catch(() => undefined);
	signal.throwIfAborted();
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, {once: true});
	});
	try {
		return await Promise.race([promise, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort!);
	}
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. The timer is cleared on abort. */
export async function delay(ms: number, signal: AbortSignal): Promise<void> {
	if (ms <= 0) return;
	let timer: NodeJS.Timeout | undefined;
	try {
		await abortable(new Promise<void>(resolve => {
			timer = setTimeout(resolve, ms);
		}), signal);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * `parent`, also aborted after `ms`. A timer of our own rather than AbortSignal.timeout(): Node 20
 * holds the sources of AbortSignal.any() weakly, so a timeout signal that nothing else refers to
 * can be collected before it fires, and the request it bounds then waits for good. `clear()` when
 * done; `isTimedOut()` says whether the time ran out (rather than `parent` aborting).
 */
export function withTimeout(parent: AbortSignal, ms: number): {readonly signal: AbortSignal; isTimedOut(): boolean; clear(): void} {
	const timeout = new AbortController();
	const timer = setTimeout(() => timeout.abort(), ms);
	timer.unref();
	return {signal: AbortSignal.any([parent, timeout.signal]), isTimedOut: () => timeout.signal.aborted, clear: () => clearTimeout(timer)};
}
