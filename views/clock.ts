// The console's one clock: a 1 Hz tick shared by the header and the stale ages. Views never
// start timers of their own; tests pass a manual clock.
export type Clock = {
	/** Epoch ms of the last tick (stable between ticks, as useSyncExternalStore needs). */
	now(): number;
	subscribe(listener: () => void): () => void;
};

export function systemClock(intervalMs = 1000): Clock {
	const listeners = new Set<() => void>();
	let current = Date.now();
	let timer: NodeJS.Timeout | undefined;
	return {
		now: () => current,
		subscribe(listener) {
			listeners.add(listener);
			if (!timer) {
				timer = setInterval(() => {
					current = Date.now();
					for (const each of listeners) each();
				}, intervalMs);
				timer.unref();
			}
			return () => {
				listeners.delete(listener);
				if (listeners.size === 0 && timer) {
					clearInterval(timer);
					timer = undefined;
				}
			};
		},
	};
}

export type ManualClock = Clock & {set(ms: number): void};

export function manualClock(start: number): ManualClock {
	const listeners = new Set<() => void>();
	let current = start;
	return {
		now: () => current,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		set(ms) {
			current = ms;
			for (const each of listeners) each();
		},
	};
}
