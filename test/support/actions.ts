// An action's surroundings for plugin tests: a view over a fixed list of entities and a run
// context whose every field has a harmless default, so a test names only what it cares about.
import type {Entity} from '../../src/entities.js';
import type {ActionRunContext, ActionView} from '../../src/plugin-api.js';
import type {Device} from '../../src/topology.js';

export function testView(entities: readonly Entity[] = [], options: {dependents?: Readonly<Record<string, readonly string[]>>; devices?: readonly Device[]} = {}): ActionView {
	return {
		entity: id => entities.find(entity => entity.id === id),
		entities: kind => entities.filter(entity => !kind || entity.kind === kind),
		dependents: id => options.dependents?.[id] ?? [],
		devices: () => options.devices ?? [],
	};
}

export function testRunContext(overrides: Partial<ActionRunContext> = {}): ActionRunContext {
	return {
		signal: AbortSignal.timeout(10_000),
		params: {},
		view: testView(),
		progress: () => {},
		noWait: false,
		invoke: async () => {
			throw new Error('invoke is not used in this test');
		},
		requestPoll: () => {},
		...overrides,
	};
}
