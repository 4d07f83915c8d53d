// The checked-in output schema is the one the kind modules generate, and it still accepts what
// the CLI prints for every kind (the CLI tests validate real output against the file).
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {kindModules} from '../src/kinds/index.js';
import {outputSchema, outputSchemaText} from './output-schema.js';
import {jsonAlerts, jsonEntity, jsonSchemaVersion, jsonSources} from '../app/cli/json.js';
import {kindModule} from '../src/kinds/index.js';
import {applyPoll} from '../src/store.js';
import {labStore, t0, topology} from '../views/test-fixtures/lab.js';
import {schemaErrors} from '../test/support/schema.js';

describe('output schema', () => {
	it('schema/labdeck-output.schema.json equals the generated one (run `npm run schema`)', () => {
		expect(readFileSync(new URL('labdeck-output.schema.json', import.meta.url), 'utf8')).toBe(outputSchemaText());
	});
	it('accepts every kind as the CLI writes it, storage included, and rejects a wrong field type', () => {
		const store = labStore();
		store.apply(s => applyPoll(s, 'pve-demo', {entities: [...s.byKind.host.filter(e => e.source === 'pve-demo'), ...s.byKind.guest, {id: 'storage:pve-demo/pve1/tank', kind: 'storage', source: 'pve-demo', localId: 'pve1/tank', name: 'tank', node: 'pve1', storageType: 'zfspool', usedBytes: 1, totalBytes: 2, isShared: false, isActive: true, content: ['images']}]}, t0, 5));
		const snapshot = store.getSnapshot();
		const now = t0 + 1000;
		const items = [...snapshot.entities.values()].map(entity => ({...jsonEntity(entity, snapshot, now), ...kindModule(entity.kind)?.json?.(entity as never, {snapshot, topology, now})}));
		expect(new Set(items.map(item => item['kind']))).toEqual(new Set(['host', 'guest', 'gpu', 'pdu', 'outlet', 'ups', 'storage']));
		const document = {schema: jsonSchemaVersion, command: 'storage', generatedAt: new Date(now).toISOString(), lab: snapshot.lab, sources: jsonSources(snapshot), items, alerts: jsonAlerts(snapshot.alerts, snapshot, topology), notices: []};
		expect(schemaErrors(document)).toBe('');
		expect(schemaErrors({...document, items: [{...items.find(item => item['kind'] === 'storage'), isShared: 'no'}]})).not.toBe('');
	});
	it('has a definition per registered kind, from its module', () => {
		const definitions = outputSchema()['definitions'] as Record<string, {properties: {kind: unknown}}>;
		for (const module of kindModules) expect(definitions[module.kind]?.properties.kind).toEqual({const: module.kind});
	});
});
