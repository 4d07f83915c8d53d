import {describe, expect, it} from 'vitest';
import {implausibleValues} from './sanity.js';

describe('implausibleValues (the conformance test’s checks)', () => {
	it('flags sentinels, negative durations, impossible temperatures, percentages and zero ratings', () => {
		expect(implausibleValues({
			runtimeSec: -60, batteryTempCelsius: -272, temperature: {celsius: 151, tlimitMarginCelsius: -7}, chargePercent: 101,
			utilization: {gpu: -1}, ratingAmps: 0, nominalWatts: 4_294_967_295, loadAmps: -0.1, phases: [{volts: 65_535}], ok: 3,
		})).toEqual([
			'runtimeSec=-60 (a negative duration)',
			'batteryTempCelsius=-272 (a temperature below −50 °C or above 150 °C)',
			'temperature.celsius=151 (a temperature below −50 °C or above 150 °C)',
			'chargePercent=101 (a percentage outside 0–100)',
			'utilization.gpu=-1 (a percentage outside 0–100)',
			'ratingAmps=0 (a rating of 0 or less)',
			'nominalWatts=4294967295 (a sentinel)',
			'loadAmps=-0.1 (a negative quantity)',
			'phases[0].volts=65535 (a sentinel)',
		]);
	});

	it('passes plausible values and nulls', () => {
		expect(implausibleValues({runtimeSec: 0, batteryTempCelsius: null, temperature: {celsius: 45, tlimitMarginCelsius: -3}, chargePercent: 100, ratingAmps: 16})).toEqual([]);
	});
});
