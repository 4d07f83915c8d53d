// The `local` plugin: the machine labdeck runs on, as one `host` entity (role `local`).
// The core adds a local source by itself when there is no config file; the demo lab lists one.
import {Type} from '@sinclair/typebox';
import {definePlugin} from '../../src/plugin-api.js';
import {defaultReader, LocalClient} from './client.js';
import {hostEntity} from './parse.js';

export const plugin = definePlugin({
	type: 'local',
	description: 'The machine labdeck runs on: CPU, memory, swap, filesystems, network, temperatures, uptime, OS',
	schema: Type.Object({}),
	defaults: {interval: 2, timeout: 3},
	create(config, deps) {
		// df gets most of the poll's budget, so a slow one ends before the poll is aborted.
		const reader = defaultReader(deps.localTransport, Math.max(500, config.timeout * 1000 - 500));
		const client = new LocalClient({source: config.id, interval: config.interval, reader});
		return {
			async poll(signal) {
				const {sample, partial} = await client.sample(signal);
				const entities = [hostEntity(config.id, sample)];
				return partial === undefined ? {entities} : {entities, partial};
			},
			close() {
				client.close();
			},
		};
	},
});
