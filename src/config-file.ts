// The synchronous config reader (YAML or JSON by extension): config-text.ts holds the reading and
// the JSON half, config-yaml.ts the YAML half. The start-up paths use config-text.ts's `readConfig`,
// which loads the YAML parser only for a YAML file.
import {formatOf, parseJson, readConfigText, topLevel, type ConfigFormat} from './config-text.js';
import {parseYaml} from './config-yaml.js';

export {configFileIn, configFileNames, formatOf, lineColumn, type ConfigFormat} from './config-text.js';

/** Parses config text by the file's format; the top level must be a mapping (an empty file is `{}`). */
export function parseConfigText(text: string, file: string, format: ConfigFormat = formatOf(file) ?? 'json'): Record<string, unknown> {
	return topLevel(format === 'yaml' ? parseYaml(text, file) : parseJson(text, file), file);
}

/** Reads and parses a config file. A missing file, an unknown extension or a syntax error is a ConfigError. */
export function readConfigFile(file: string): Record<string, unknown> {
	const {resolved, format, text} = readConfigText(file);
	return parseConfigText(text, resolved, format);
}
