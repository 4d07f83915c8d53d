// What `labdeck __complete` completes from: the command table, and the last-known lab (the
// config's state file, restored without polling) for entity ids and action names.
import type {Entity} from '../../src/entities.js';
import {openLab, type Lab} from '../../src/lab.js';
import {stateDir} from '../../src/paths.js';
import type {CompletionSource} from './completion.js';
import {loadFor, type Composition, type Io} from './context.js';

export type CompletionTable = Pick<CompletionSource, 'commands' | 'globalOptions' | 'optionValues'>;

/** The config named on the line being completed (`-c`/`--config`), if any. */
export function configOnLine(line: string): string | undefined {
	const match = /(?:^|\s)(?:-c|--config)(?:\s+|=)(\S+)/.exec(line);
	return match?.[1];
}

export function completionSource(table: CompletionTable, composition: Composition, io: Io, line: string): CompletionSource & {close(): Promise<void>} {
	let opened: Promise<Lab | undefined> | undefined;
	const lab = () => {
		opened ??= loadFor({config: configOnLine(line) ?? io.env.LABDECK_CONFIG}, composition, io)
			.then(config => openLab({config, globalActions: composition.globalActions, stateDir: stateDir(io.env), shouldRestore: true, shouldPersist: false}))
			// Completion never fails loudly: no config, no candidates.
			.catch(() => undefined);
		return opened;
	};
	return {
		...table,
		async entities(): Promise<readonly Entity[]> {
			const current = await lab();
			return current ? [...current.store.getSnapshot().entities.values()] : [];
		},
		async actionsFor(entity) {
			const current = await lab();
			if (!current) return [];
			return entity ? current.actions.available(entity).map(action => action.id) : current.actions.knownActions();
		},
		async close() {
			await (await opened)?.close();
		},
	};
}
