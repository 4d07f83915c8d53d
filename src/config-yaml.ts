// The YAML half of reading a config file (the yaml parser is most of the config code's size):
// loaded only for `.yaml`/`.yml` files, so a JSON config or none does not load it.
import {parseDocument} from 'yaml';
import {ConfigError} from './errors.js';

export function parseYaml(text: string, file: string): unknown {
	const document = parseDocument(text, {prettyErrors: true, uniqueKeys: true});
	const [first] = document.errors;
	if (first) {
		const position = first.linePos?.[0];
		const where = position ? `${file}:${position.line}:${position.col}` : file;
		throw new ConfigError({source: where, operation: 'parse YAML'}, (first.message.split('\n')[0] ?? first.code).replace(/ at line \d+, column \d+:?$/, ''));
	}
	return document.toJS({maxAliasCount: 100}) as unknown;
}
