import {describe, expect, it} from 'vitest';
import type {ActionLayer} from '../src/actions.js';
import type {ActionRunner} from './action-runner.js';

describe('ActionRunner', () => {
	it('is satisfied by the core ActionLayer (checked by tsc)', () => {
		const check = (layer: ActionLayer): ActionRunner => layer;
		expect(typeof check).toBe('function');
	});
});
