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
