// `labdeck <query> [--json] [--fail-on …]`: one poll round, one document, the exit code. Shared by
// the yargs command line (main.ts) and the lean entry that answers plain queries without yargs
// (fast-query.ts).
import type {Severity} from '../../src/alerts.js';
import {withLab, type Composition, type GlobalOptions, type Io} from './context.js';
import {exitCodes} from './io.js';
import {brokenSources, formatQuery, runQuery, type QueryName} from './query.js';

export type QueryOptions = {
	readonly failOn: Severity | undefined;
	readonly asJson: boolean;
	/** Columns for text tables. */
	readonly width: number;
};

export async function runQueryCommand(name: QueryName, global: GlobalOptions, options: QueryOptions, composition: Composition, io: Io): Promise<number> {
	return withLab(global, composition, io, async lab => {
		const result = await runQuery(name, lab, options.failOn);
		io.out(formatQuery(result, options.asJson, options.width));
		const broken = brokenSources(lab.store.getSnapshot());
		for (const source of broken) io.err(`labdeck: ${source.id} is disabled by a config error: ${source.reason}\n`);
		if (result.code === exitCodes.error && broken.length > 0) io.err('labdeck: every source is disabled by a config error: nothing was polled (labdeck config check)\n');
		return result.code;
	}, {isOneShot: true});
}
