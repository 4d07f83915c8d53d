import {describe, expect, it} from 'vitest';
import {availabilityCandidates, availabilityOf, parseDiscovery, TopicTable} from './topics.js';

const options = {source: 'mq', hub: 'broker', runsOn: null, maxTopics: 100};

describe('mqtt topic table', () => {
	it('keeps the latest value per topic with its time, and on/off states', () => {
		const table = new TopicTable();
		table.message('lab/relay', 'ON', 1000, true, 100);
		table.message('lab/relay', 'OFF', 2000, false, 100);
		table.message('lab/temp', '23.5', 3000, false, 100);
		expect(table.entity('lab/relay', options)).toMatchObject({id: 'automation:mq/lab/relay', automationType: 'topic', state: 'off', value: 'OFF', lastTriggered: new Date(2000).toISOString(), attributes: {messages: '2', retained: 'no'}});
		expect(table.entity('lab/temp', options)).toMatchObject({state: 'unknown', value: '23.5'});
	});

	it('names topics from Home Assistant discovery and follows its availability topic', () => {
		const table = new TopicTable();
		table.message('homeassistant/sensor/rack/temp/config', JSON.stringify({'~': 'lab/rack', name: 'Rack temperature', stat_t: '~/temp', avty_t: '~/status', pl_avail: 'up', pl_not_avail: 'down', unit_of_meas: '°C', uniq_id: 'rack-temp'}), 0, true, 100);
		table.message('lab/rack/temp', '27.1', 1000, false, 100);
		table.message('lab/rack/status', 'down', 1000, false, 100);
		expect(table.entity('lab/rack/temp', options)).toMatchObject({name: 'Rack temperature', value: '27.1 °C', state: 'unavailable', attributes: {uniqueId: 'rack-temp', availability: 'lab/rack/status (offline)'}});
		expect(table.entities(options).map(entity => entity.localId)).toEqual(['lab/rack/temp']);
	});

	it('takes availability from Zigbee2MQTT and Tasmota topics, which are not rows themselves', () => {
		const table = new TopicTable();
		table.message('zigbee2mqtt/plug/availability', '{"state":"offline"}', 0, true, 100);
		table.message('zigbee2mqtt/plug', '{"state":"ON","power":12}', 0, false, 100);
		table.message('tele/ups-relay/LWT', 'Online', 0, true, 100);
		table.message('stat/ups-relay/POWER', 'ON', 0, false, 100);
		expect(table.entities(options).map(entity => [entity.localId, entity.state])).toEqual([['zigbee2mqtt/plug', 'unavailable'], ['stat/ups-relay/POWER', 'on']]);
		expect(availabilityCandidates('stat/ups-relay/POWER')).toContain('tele/ups-relay/LWT');
		expect(availabilityOf('Offline')).toBe(false);
		expect(availabilityOf('{"state":')).toBeNull();
	});

	it('ignores discovery payloads that are not JSON or name no state topic', () => {
		expect(parseDiscovery('nope')).toBeNull();
		expect(parseDiscovery('{"name":"x"}')).toBeNull();
	});

	it('drops new topics past maxTopics and counts them; strips control characters', () => {
		const table = new TopicTable();
		table.message('a', '\u001b]0;x\u0007hi', 0, false, 1);
		table.message('b', '1', 0, false, 1);
		expect(table.dropped).toBe(1);
		expect(table.entity('a', options)?.value).toBe(']0;x hi');
	});
});
