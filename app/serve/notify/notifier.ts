// The notifier: after every store change (and on a timer, for minimum durations, repeats and the
// end of quiet hours) it groups the active alerts (by incident or by alert, `groupBy`), runs noise control, and hands each event to
// every receiver whose minimum severity it meets. Each receiver has its own bounded queue, sent in
// order, each delivery bounded by its timeout: a slow or failing receiver never blocks polling or
// the other receivers. Every delivery, sent or failed, and every hold-back is recorded.
import {severityRank} from '../../../src/alerts.js';
import type {NotifyConfig} from '../../../src/notify-config.js';
import type {Store} from '../../../src/store.js';
import {groupers, NoiseControl, type Grouper, type NotifyEvent} from './noise.js';
import {createReceiver, type Receiver} from './receivers.js';
import {withTimeout} from '../../../src/abort.js';

export type NotifyRecord = {
	readonly receiver: string | null;
	readonly event: NotifyEvent['event'] | 'held';
	readonly group: string;
	readonly isOk: boolean;
	/** One line: `sent open … (HTTP 200)`, `failed: …`, `flapping: held back`. */
	readonly message: string;
};

export type NotifierOptions = {
	readonly config: NotifyConfig;
	readonly store: Store;
	/** Where each record goes (the service: its log and the timeline, as `notify` events). */
	readonly record: (record: NotifyRecord) => void;
	/** Overrides `config.groupBy` (tests). */
	readonly grouper?: Grouper;
	readonly tickMs?: number;
	readonly maxQueue?: number;
};

export class Notifier {
	readonly #options: NotifierOptions;
	readonly #noise: NoiseControl;
	readonly #receivers: readonly Receiver[];
	readonly #queues = new Map<string, {chain: Promise<void>; length: number}>();
	readonly #controller = new AbortController();
	readonly #timer: NodeJS.Timeout;
	readonly #unsubscribe: () => void;
	#pending: NodeJS.Timeout | undefined;

	constructor(options: NotifierOptions) {
		this.#options = options;
		this.#noise = new NoiseControl(options.config);
		this.#receivers = options.config.receivers.map(receiver => createReceiver(receiver, {repeatInterval: options.config.repeatInterval}));
		this.#unsubscribe = options.store.subscribe(() => {
			this.#pending ??= setTimeout(() => {
				this.#pending = undefined;
				this.check();
			}, 200);
		});
		this.#timer = setInterval(() => this.check(), options.tickMs ?? 5000);
		this.#timer.unref();
	}

	/** Evaluates now (also run after store changes and on the timer). */
	check(now: number = Date.now()): void {
		const snapshot = this.#options.store.getSnapshot();
		const groups = (this.#options.grouper ?? groupers[this.#options.config.groupBy])(snapshot);
		const {events, notes} = this.#noise.update(groups, snapshot.lab, now);
		for (const note of notes) this.#options.record({receiver: null, event: 'held', group: note.key, isOk: true, message: `${note.key}: ${note.note}`});
		for (const event of events) {
			for (const receiver of this.#receivers) {
				if (severityRank[event.severity] > severityRank[receiver.config.minSeverity]) continue;
				this.#enqueue(receiver, event);
			}
		}
	}

	/** Waits for every queued delivery (tests, and a clean stop). */
	async drain(): Promise<void> {
		await Promise.all([...this.#queues.values()].map(async queue => queue.chain));
	}

	async close(): Promise<void> {
		this.#unsubscribe();
		clearInterval(this.#timer);
		clearTimeout(this.#pending);
		await Promise.race([this.drain(), new Promise(resolve => setTimeout(resolve, 2000).unref())]);
		this.#controller.abort();
	}

	#enqueue(receiver: Receiver, event: NotifyEvent): void {
		const queue = this.#queues.get(receiver.id) ?? {chain: Promise.resolve(), length: 0};
		this.#queues.set(receiver.id, queue);
		const what = `${event.event} ${event.severity} ${event.group.key}`;
		if (queue.length >= (this.#options.maxQueue ?? 100)) {
			this.#options.record({receiver: receiver.id, event: event.event, group: event.group.key, isOk: false, message: `notify ${receiver.id}: failed: ${what}: queue full (the receiver is not keeping up)`});
			return;
		}
		queue.length++;
		queue.chain = queue.chain.then(async () => {
			// Not AbortSignal.timeout() (see withTimeout): a receiver that never answers would block its queue.
			const {signal, clear} = withTimeout(this.#controller.signal, receiver.config.timeout * 1000);
			try {
				const note = await receiver.send(event, signal);
				this.#options.record({receiver: receiver.id, event: event.event, group: event.group.key, isOk: true, message: `notify ${receiver.id}: sent ${what} (${note})`});
			} catch (error) {
				const reason = signal.aborted ? `no answer within ${receiver.config.timeout} s` : error instanceof Error ? error.message : String(error);
				this.#options.record({receiver: receiver.id, event: event.event, group: event.group.key, isOk: false, message: `notify ${receiver.id}: failed: ${what}: ${reason}`});
			} finally {
				clear();
				queue.length--;
			}
		});
	}
}
