// Validates `--json` output against the schema file that ships in the package.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {Ajv} from 'ajv';
import addFormats from 'ajv-formats';
import {repoRoot} from './cli.js';

const ajv = new Ajv({allErrors: true, strict: false});
(addFormats as unknown as (ajv: Ajv) => void)(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(path.join(repoRoot, 'schema', 'labdeck-output.schema.json'), 'utf8')) as object);

/** Returns the schema errors as text, or '' when the document is valid. */
export function schemaErrors(document: unknown): string {
	return validate(document) ? '' : ajv.errorsText(validate.errors, {separator: '\n'});
}
