// The `psu-failure` scenario on simulated BMCs (legacy Power and the newer PowerSubsystem alike),
// read by the real plugin and judged by the bmc kind's default alert rules.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BmcEntity, Entity} from '../../src/entities.js';
import {bmcKind} from '../../src/kinds/bmc.js';
import type {BmcLab} from './sim/index.js';
import {createInstance, pollOne, startLab} from './test-helpers.js';

let lab: BmcLab;

beforeAll(async () => {
	lab = await startLab([{name: 'r640', shape: 'idrac9'}, {name: 'ml350', shape: 'ilo4'}, {name: 'r770', shape: 'idrac10'}]);
});

afterAll(async () => {
	await lab.stop();
});

function firing(entity: Entity, now = Date.now()): string[] {
	return (bmcKind.rules ?? []).filter(rule => {
		const value = rule.metric(entity, now);
		return value !== null && (rule.isBelow ? value <= rule.trigger : value >= rule.trigger);
	}).map(rule => rule.id);
}

async function waitFor(read: () => Promise<BmcEntity>, isDone: (bmc: BmcEntity) => boolean): Promise<BmcEntity> {
	const deadline = Date.now() + 5000;
	for (;;) {
		const bmc = await read();
		if (isDone(bmc) || Date.now() > deadline) return bmc;
		await new Promise(resolve => setImmediate(resolve));
	}
}

describe('psu-failure scenario', () => {
	for (const name of ['r640', 'ml350', 'r770']) {
		it(`${name}: a supply fails and redundancy is lost, then a fan fails; the alerts follow`, async () => {
			const instance = createInstance(lab.bmc(name));
			const read = async () => (await pollOne(instance)).bmc as BmcEntity;
			try {
				const healthy = await read();
				expect(firing(healthy).filter(id => id !== 'bmc.event-critical')).toEqual([]);
				lab.psuFailure(name, 50);
				const failed = await waitFor(read, bmc => bmc.fans.some(fan => fan.health === 'critical'));
				expect(failed.powerSupplies[0]!.health).toBe('critical');
				expect(failed.psuRedundancyLost).toBe(true);
				expect(failed.subsystems.power).toBe('critical');
				expect(failed.health).toBe('critical');
				expect(failed.events[0]).toMatchObject({severity: 'critical', message: 'Fan 1 failed'});
				expect(firing(failed)).toEqual(expect.arrayContaining(['bmc.psu-failed', 'bmc.psu-redundancy-lost', 'bmc.fan-failed', 'bmc.power-critical', 'bmc.system-critical', 'bmc.event-critical']));
				expect(bmcKind.rules!.find(rule => rule.id === 'bmc.psu-failed')!.message(failed, 1, Date.now())).toBe(`${name}: power supply failed (${failed.powerSupplies[0]!.name})`);
			} finally {
				await instance.close?.();
			}
		});
	}

	it('a temperature at its critical threshold fires; an old critical event does not', async () => {
		const instance = createInstance(lab.bmc('r640'));
		try {
			const bmc = (await pollOne(instance)).bmc as BmcEntity;
			const hot: BmcEntity = {...bmc, temperatures: bmc.temperatures.map((item, index) => (index === 0 ? {...item, celsius: item.upperCritical} : item))};
			expect(firing(hot)).toContain('bmc.temperature-critical');
			expect(firing(bmc)).not.toContain('bmc.temperature-critical');
			// The fixture's critical entry is from 2026-11-29: more than an hour before now.
			expect(firing(bmc, Date.parse('2026-12-01T00:00:00Z'))).not.toContain('bmc.event-critical');
			expect(firing(bmc, Date.parse('2026-11-29T21:30:00Z'))).toContain('bmc.event-critical');
		} finally {
			await instance.close?.();
		}
	});
});
