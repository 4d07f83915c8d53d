// The parse of a large /cluster/resources reply in slices: 100,000 guests are read and turned into
// entities a few thousand at a time, handing the event loop back in between, so the console keeps
// answering keys and other sources keep polling. The row cap is checked before any work starts.
import {checkRows, type SourceCaps} from '../../src/caps.js';
import {sliceMs, yieldToLoop} from '../../src/slices.js';
import {buildEntities, type EntityInput, type EntityOutput} from './parse-entities.js';
import {parseResources, type Resources} from './parse.js';

/** Rows per slice: small enough that one slice stays well under a frame (2,000 rows ran 10–20 ms, past the 8 ms slice). */
const sliceRows = 500;

export async function parseResourcesInSlices(raw: unknown, source: string, caps: SourceCaps, signal: AbortSignal): Promise<Resources> {
	if (!Array.isArray(raw) || raw.length <= sliceRows) {
		if (Array.isArray(raw)) checkRows({source, operation: 'GET /cluster/resources'}, caps, raw.length);
		return parseResources(raw, source);
	}
	checkRows({source, operation: 'GET /cluster/resources'}, caps, raw.length);
	const parts: Resources[] = [];
	const yielder = slicer(signal);
	for (let start = 0; start < raw.length; start += sliceRows) {
		parts.push(parseResources(raw.slice(start, start + sliceRows), source));
		await yielder();
	}
	return {
		nodes: parts.flatMap(part => part.nodes),
		guests: parts.flatMap(part => part.guests),
		storage: parts.flatMap(part => part.storage),
		pools: [...new Set(parts.flatMap(part => part.pools))],
	};
}

/** buildEntities over the guests in slices: nodes and storage once, then guests a slice at a time. */
export async function buildEntitiesInSlices(input: EntityInput, signal: AbortSignal): Promise<EntityOutput> {
	const {guests} = input.resources;
	if (guests.length <= sliceRows) return buildEntities(input);
	const head = buildEntities({...input, resources: {...input.resources, guests: []}});
	const entities = [...head.entities];
	const counters = new Map(head.counters);
	const yielder = slicer(signal);
	for (let start = 0; start < guests.length; start += sliceRows) {
		const part = buildEntities({...input, resources: {nodes: input.resources.nodes, guests: guests.slice(start, start + sliceRows), storage: [], pools: input.resources.pools}});
		for (const entity of part.entities) if (entity.kind === 'guest') entities.push(entity);
		for (const [vmid, sample] of part.counters) counters.set(vmid, sample);
		await yielder();
	}
	return {entities, notes: head.notes, counters, onlineNodes: head.onlineNodes};
}

function slicer(signal: AbortSignal): () => Promise<void> {
	let sliceStart = performance.now();
	return async () => {
		if (performance.now() - sliceStart < sliceMs) return;
		await yieldToLoop(signal);
		sliceStart = performance.now();
	};
}
