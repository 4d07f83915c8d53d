import {describe, expect, it} from 'vitest';
import {brokerAddress} from './connection.js';

describe('mqtt broker address', () => {
	it('reads mqtt, mqtts and ws URLs into MQTT.js options without url.parse()', () => {
		expect(brokerAddress('mqtt://127.0.0.1:1883')).toEqual({protocol: 'mqtt', host: '127.0.0.1', port: 1883});
		expect(brokerAddress('mqtts://broker.lan')).toEqual({protocol: 'mqtts', host: 'broker.lan'});
		expect(brokerAddress('ws://[::1]:8080/mqtt?x=1')).toEqual({protocol: 'ws', host: '::1', port: 8080, path: '/mqtt?x=1'});
		expect(brokerAddress('mqtt://hub%40lab:p%3Ass@127.0.0.1:1883')).toEqual({protocol: 'mqtt', host: '127.0.0.1', port: 1883, username: 'hub@lab', password: 'p:ss'});
	});
});
