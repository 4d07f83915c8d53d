// Build-time entry (scripts/build.mjs bundles and runs it): every registered plugin's source-block
// JSON Schema, with the ajv options they are validated with, for the standalone validators.
import {plugins} from '../../plugins/registry.js';
import {sourceBlockSchema} from '../../src/config.js';

export {ajvOptions} from '../../src/config-validate.js';

export async function blockSchemas(): Promise<Record<string, Record<string, unknown>>> {
	return Object.fromEntries((await plugins.load()).map(plugin => [plugin.type, sourceBlockSchema(plugin)]));
}
