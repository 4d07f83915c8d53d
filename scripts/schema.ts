// `npm run schema`: writes schema/labdeck-output.schema.json from the kind modules (see
// schema/output-schema.ts). Run it after changing a kind module's `jsonSchema` or the queries.
import {writeFileSync} from 'node:fs';
import {outputSchemaText} from '../schema/output-schema.js';

writeFileSync(new URL('../schema/labdeck-output.schema.json', import.meta.url), outputSchemaText());
process.stderr.write('schema: wrote schema/labdeck-output.schema.json\n');
