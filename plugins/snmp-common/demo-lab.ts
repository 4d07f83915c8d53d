// snmp-common is NOT a plugin: shared SNMP helpers for `apc-pdu` and `ups`. This file: the demo
// lab's power wiring, shared by the PDU and UPS simulators so that both agree on what each outlet
// draws (the UPS load follows outlets switched off on the PDU).

/** pdu-a's outlets: number → the topology device it powers, its draw when on, and its shed priority. */
export const demoOutlets = [
	{outlet: 1, device: 'pve1', name: 'pve1', watts: 180, priority: 6},
	{outlet: 2, device: 'pve2', name: 'pve2', watts: 420, priority: 5},
	{outlet: 3, device: 'pve3', name: 'pve3', watts: 160, priority: 4},
	{outlet: 4, device: 'gpu-box-1', name: 'gpu-box-1', watts: 650, priority: 3},
	{outlet: 5, device: 'gpu-box-2', name: 'gpu-box-2', watts: 480, priority: 2},
	{outlet: 6, device: 'switch', name: 'switch', watts: 45, priority: 9},
	{outlet: 7, device: 'dev-ws', name: 'dev-ws', watts: 220, priority: 1},
	{outlet: 8, device: undefined, name: 'spare', watts: 0, priority: undefined},
] as const;

export const demoPduSource = 'pdu-a';
export const demoUpsSource = 'ups-a';
export const demoPduEntity = 'pdu:pdu-a/pdu';
export const demoUpsEntity = 'ups:ups-a/ups';
/** Mains voltage of the demo lab. */
export const demoVolts = 230;

/** The draw of an outlet of pdu-a when on (0 for unknown outlets). */
export function demoOutletWatts(outlet: number): number {
	return demoOutlets.find(entry => entry.outlet === outlet)?.watts ?? 0;
}
