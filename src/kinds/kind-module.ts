// The contract of a kind module: everything about one entity kind that is not protocol-specific,
// defined once and used by the console (tables, filters, details, sparklines), the CLI (text
// tables, `labdeck <kind> --json`), the alert engine (default rules) and the store (history
// metrics, plausible ranges). A kind without a dedicated pane is drawn by the generic kind pane
// from this module alone. Modules are listed in src/kinds/index.ts, one line each.
//
// Pure data and pure functions: no React, no I/O. Cells are plain strings; colour is a semantic
// tone that views map through their theme.
import type {AlertRule, EntityKind, EntityOfKind, Num, Snapshot, Topology} from '../model.js';

/** Semantic tone of a cell, field or line; views map it to colour and attributes. */
export type Tone = 'status.ok' | 'status.warn' | 'status.crit' | 'stale' | 'focus' | 'muted' | 'accent' | 'plain';

/** What a cell may look at beyond its own entity (a GPU's guest, a node's guests). */
export type KindContext = {
	readonly snapshot: Snapshot;
	/** The configured racks and devices (what powers what); empty when none are configured. */
	readonly topology: Topology;
	/** Epoch ms of the frame or of the query. */
	readonly now: number;
};

export type KindColumn<E> = {
	readonly id: string;
	readonly title: string;
	/** The minimum width in cells: what the column needs to be kept at all. */
	readonly width: number;
	/** The most the column grows to; for the flexible column, how far spare width widens it. */
	readonly maxWidth?: number;
	/** Lower numbers stay longest when the terminal is narrow; 0 never drops. */
	readonly priority: number;
	readonly align?: 'left' | 'right';
	/** Gets the width left over once every column shows its whole content. */
	readonly isFlexible?: boolean;
	cell(row: E, context: KindContext): string;
	/** Shorter forms of the cell, longest first, for narrow columns; never cut the part that tells rows apart. */
	variants?(row: E, context: KindContext): readonly string[];
	tone?(row: E, context: KindContext): Tone;
	/** What `s` sorts by; absent: not sortable. Unknown is null and sorts last both ways. */
	sortValue?(row: E, context: KindContext): number | string | null;
};

export type DetailLine = {readonly text: string; readonly tone?: Tone};
export type DetailField = {readonly label: string; readonly value: string; readonly tone?: Tone};

/** One section of an entity's detail view: label/value fields, free lines, or both. */
export type DetailSection = {
	readonly title: string;
	readonly fields?: readonly DetailField[];
	readonly lines?: readonly DetailLine[];
};

/** A sparkline in the detail view, over one of the kind's history metrics. */
export type HistoryChart = {
	readonly metric: string;
	readonly label: string;
	/** Fixed scale (percentages: 0–100); absent: scaled to the samples. */
	readonly range?: {readonly min: number; readonly max: number};
	format(value: number): string;
};

/** The plausible range of one numeric field: a value outside it is unknown (null), with a note. */
export type NumericRange = {
	/** Dotted path into the entity (`temperature.celsius`, `memory.usedBytes`); `[]` maps over an array (`fans[].value`). */
	readonly path: string;
	readonly min: number;
	readonly max: number;
};

export type KindModule<K extends EntityKind = EntityKind> = {
	readonly kind: K;
	/** Plural title of its pane and CLI table ("GPUs"). */
	readonly title: string;
	/** One of them, for "no GPU found" lines ("GPU"). */
	readonly noun: string;
	/** The CLI command and the pane's `:` alias when the kind has no dedicated pane (`labdeck bmcs`). */
	readonly command: string;
	/** One line for the CLI's help (`labdeck --help`) and the README. */
	readonly describe: string;
	/**
	 * The dedicated pane and CLI query that already show this kind (`power` for outlets); absent:
	 * the kind gets a generic pane tab and its own `labdeck <command>` query.
	 */
	readonly shownBy?: string;
	/** Columns, drawn by the console table and the CLI text output alike. */
	readonly columns: readonly KindColumn<EntityOfKind<K>>[];
	/**
	 * Fields for `field:value` filter terms. Values match as displayed and as in `--json`: give
	 * both spellings where they differ (`type: ['ct', 'lxc']`).
	 */
	filterFields(entity: EntityOfKind<K>, context: KindContext): Readonly<Record<string, string | readonly string[] | null>>;
	/** What free text and `re:` terms search; absent: the name, the local id and every cell, joined. */
	filterText?(entity: EntityOfKind<K>, context: KindContext): string;
	/** The detail view's sections (the generic pane draws them; dedicated panes may add their own). */
	detail(entity: EntityOfKind<K>, context: KindContext): readonly DetailSection[];
	/** Numeric metrics kept as history series for sparklines. */
	history?(entity: EntityOfKind<K>): Readonly<Record<string, Num>>;
	/** How the detail view charts the history metrics. */
	readonly charts?: readonly HistoryChart[];
	/** Plausible ranges of its numbers. */
	readonly ranges?: readonly NumericRange[];
	/** Default alert rules, whichever plugin reports the entity. */
	readonly rules?: readonly AlertRule[];
	/** Derived fields the `--json` item carries beyond the entity's own (a GPU's `ownerGuest`). */
	json?(entity: EntityOfKind<K>, context: KindContext): Readonly<Record<string, unknown>>;
	/**
	 * JSON Schema of the kind's fields beyond the common entity fields (its `--json` fragment);
	 * schema/labdeck-output.schema.json is generated from these (`npm run schema`).
	 */
	readonly jsonSchema: {readonly properties: Readonly<Record<string, unknown>>; readonly required?: readonly string[]};
};
