// `labdeck events [--since DURATION] [--json]`: the outage timeline, newest first, read from the
// persisted log in the state directory. No plugin is loaded and nothing is polled, so it answers
// at once, also while the lab is down; it shows what running consoles recorded (and the actions
// anyone ran). The config is only read for its path (one timeline per config) and its lab name.
import {existsSync, readFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {ConfigError} from '../../src/errors.js';
import {fit} from '../../src/format.js';
import {defaultConfigPath, stateDir} from '../../src/paths.js';
import {Timeline, timelineEventTypes, timelinePath, type TimelineEvent} from '../../src/timeline.js';
import {collapseRepeats, eventLabel, wrapWords} from '../../src/timeline-events.js';
import {exitCodes, type ExitCode, type GlobalOptions, type Io} from './io.js';
import {jsonSchemaVersion} from './json.js';

export type EventsOptions = {
	/** `--since`: a duration like `30m`, `2h`, `1d` (absent: everything kept). */
	readonly since?: string | undefined;
	readonly asJson: boolean;
	/** Columns of the text output. */
	readonly width: number;
	/** Epoch ms of the query (tests fix it). */
	readonly now?: number;
};

const unitMs = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000} as const;

/** `30m`, `2h`, `1d`, `90s`, `1h30m`, `1w` → ms; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
	const trimmed = text.trim().toLowerCase();
	if (!/^(\d+(\.\d+)?[smhdw])+$/.test(trimmed)) return undefined;
	let total = 0;
	for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)) total += Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
	return total > 0 ? total : undefined;
}

export type JsonEvent = {
	readonly at: string;
	readonly type: TimelineEvent['type'];
	readonly source: string | null;
	readonly entity: string | null;
	readonly message: string;
	readonly details: Readonly<Record<string, unknown>>;
};

export type EventsDocument = {
	readonly schema: typeof jsonSchemaVersion;
	readonly command: 'events';
	readonly generatedAt: string;
	readonly lab: string;
	readonly configPath: string | null;
	/** The timeline file read (its rotated `.1` sibling is read too). */
	readonly file: string;
	readonly since: string | null;
	readonly items: readonly JsonEvent[];
};

/** The document (the data `--json` prints and the text is drawn from). */
export function eventsDocument(options: GlobalOptions, env: NodeJS.ProcessEnv, sinceMs: number | undefined, now: number): EventsDocument {
	const explicit = options.config ?? env.LABDECK_CONFIG;
	const candidate = options.config ? path.resolve(options.config) : defaultConfigPath(env);
	if (!existsSync(candidate) && explicit) throw new ConfigError({source: candidate, operation: 'read config'}, 'no such file');
	const configPath = existsSync(candidate) ? candidate : null;
	const timeline = new Timeline(timelinePath(stateDir(env), configPath));
	const since = sinceMs === undefined ? undefined : now - sinceMs;
	const events = collapseRepeats(timeline.read(since === undefined ? {} : {since}));
	return {
		schema: jsonSchemaVersion,
		command: 'events',
		generatedAt: new Date(now).toISOString(),
		lab: labName(configPath),
		configPath,
		file: timeline.path,
		since: since === undefined ? null : new Date(since).toISOString(),
		items: events.map(event => ({at: new Date(event.at).toISOString(), type: event.type, source: event.source ?? null, entity: event.entity ?? null, message: event.message, details: event.details ?? {}})),
	};
}

function labName(configPath: string | null): string {
	if (!configPath) return hostname();
	try {
		const raw = JSON.parse(readFileSync(configPath, 'utf8')) as {lab?: unknown} | null;
		return typeof raw?.lab === 'string' && raw.lab !== '' ? raw.lab : hostname();
	} catch {
		return hostname(); // `labdeck config check` says what is wrong with the file.
	}
}

/** Local date and time, `MM-DD HH:MM:SS`: an outage can span midnight. */
function stamp(iso: string): string {
	const date = new Date(iso);
	const two = (value: number) => String(value).padStart(2, '0');
	return `${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** One event per entry: time, label, source, then the message wrapped under itself (never cut). */
export function renderEventsText(document: EventsDocument, width: number): string {
	const span = document.since ? ` since ${stamp(document.since)}` : '';
	if (document.items.length === 0) return `No events recorded for ${document.lab}${span}. (Consoles record the timeline while they run; ${document.file})\n`;
	const lines = [`${document.lab}: ${document.items.length} event${document.items.length === 1 ? '' : 's'}${span}, newest first`];
	const labelWidth = 9;
	const sourceWidth = Math.min(16, Math.max(6, ...document.items.map(item => [...(item.source ?? '')].length)));
	const indent = 14 + 1 + labelWidth + 1 + sourceWidth + 1;
	const messageWidth = Math.max(20, width - indent);
	for (const item of document.items) {
		const [first = '', ...rest] = wrapWords(item.message, messageWidth);
		const label = eventLabel({at: 0, type: item.type, message: item.message, details: item.details});
		lines.push(`${stamp(item.at)} ${fit(label, labelWidth)} ${fit(item.source ?? '', sourceWidth)} ${first}`.trimEnd());
		for (const line of rest) lines.push(`${' '.repeat(indent)}${line}`);
	}
	return `${lines.join('\n')}\n`;
}

export function runEvents(options: GlobalOptions, events: EventsOptions, io: Io): ExitCode {
	const sinceMs = events.since === undefined ? undefined : parseDuration(events.since);
	if (events.since !== undefined && sinceMs === undefined) {
		io.err(`labdeck: events: --since ${JSON.stringify(events.since)}: expected a duration such as 30m, 2h or 1d\n`);
		return exitCodes.usage;
	}
	const document = eventsDocument(options, io.env, sinceMs, events.now ?? Date.now());
	io.out(events.asJson ? `${JSON.stringify(document)}\n` : renderEventsText(document, events.width));
	return exitCodes.ok;
}

/** The `--json` schema of the document (schema/output-schema.ts adds it to the output schema). */
export const eventsJsonSchema = {
	type: 'object',
	required: ['lab', 'configPath', 'file', 'since', 'items'],
	properties: {
		command: {const: 'events'},
		lab: {type: 'string'},
		configPath: {type: ['string', 'null']},
		file: {type: 'string'},
		since: {type: ['string', 'null'], format: 'date-time'},
		items: {
			type: 'array',
			items: {
				type: 'object',
				required: ['at', 'type', 'source', 'entity', 'message', 'details'],
				properties: {
					at: {type: 'string', format: 'date-time'},
					type: {enum: [...timelineEventTypes]},
					source: {type: ['string', 'null']},
					entity: {type: ['string', 'null']},
					message: {type: 'string'},
					details: {type: 'object'},
				},
				additionalProperties: false,
			},
		},
	},
} as const;
