// A kind module's detail view: its sections (fields and lines) beside its history charts. The
// generic kind pane draws it; dedicated panes may draw their own.
import {Box, Text} from 'ink';
import type {Entity} from '../src/entities.js';
import type {KindContext, KindModule} from '../src/kinds/kind-module.js';
import type {Snapshot} from '../src/store.js';
import {Columns, Field, Section} from './Detail.js';
import {Sparkline} from './Sparkline.js';
import {style} from './theme.js';
import {useSlice, type StoreLike} from './use-store.js';

const selectHistory = (s: Snapshot) => s.history;

export type KindDetailProps = {
	readonly module: KindModule;
	readonly entity: Entity;
	readonly context: KindContext;
	readonly store: StoreLike;
	readonly width: number;
};

export function KindDetail({module, entity, context, store, width}: KindDetailProps) {
	const history = useSlice(store, selectHistory).get(entity.id) ?? {};
	const sections = module.detail(entity as never, context);
	const charts = module.charts ?? [];
	const half = width >= 70 && charts.length > 0 ? Math.floor(width / 2) : width;
	const facts = (
		<Box flexDirection="column">
			{sections.map((section, index) => (
				<Section key={index} title={section.title}>
					{(section.fields ?? []).map(field => <Field key={field.label} label={field.label} value={field.value} tone={field.tone} />)}
					{(section.lines ?? []).map((line, at) => <Text key={at} wrap="truncate" {...style(line.tone ?? 'plain')}>{line.text}</Text>)}
				</Section>
			))}
		</Box>
	);
	if (charts.length === 0) return facts;
	const live = (
		<Section title="history">
			{charts.map(chart => (
				<Sparkline key={chart.metric} label={chart.label} samples={history[chart.metric]} width={half} {...(chart.range ? {range: chart.range} : {})} format={value => (value === null ? '–' : chart.format(value))} />
			))}
		</Section>
	);
	return <Columns width={width} left={facts} right={live} />;
}
