// `nvidia-smi -q -x` in slices: a 7 MB XML with 100,000 processes is parsed without its process
// lists first (a few KB per GPU), then each GPU's processes a thousand at a time, handing the
// event loop back in between, so the console keeps answering keys. The row cap (processes) is
// checked before any parsing. Small replies go through parseNvidiaXml in one go.
import {checkRows, type SourceCaps} from '../../src/caps.js';
import type {EntityDraft, GpuProcess} from '../../src/entities.js';
import {sliceMs, sliceThresholdBytes, yieldToLoop} from '../../src/slices.js';
import {parseNvidiaXml, type ParseContext} from './parse.js';

type GpuDraft = Extract<EntityDraft, {kind: 'gpu'}>;

const processesPerSlice = 1000;
const open = '<processes>';
const close = '</processes>';
const itemEnd = '</process_info>';

export async function parseNvidiaXmlInSlices(xml: string, context: ParseContext, caps: SourceCaps, signal: AbortSignal): Promise<GpuDraft[]> {
	checkRows({source: context.source, operation: 'nvidia-smi -q -x'}, caps, count(xml, itemEnd));
	if (xml.length < sliceThresholdBytes) return parseNvidiaXml(xml, context);
	// Each GPU's process list, cut out; the rest is parsed at once.
	const sections: string[] = [];
	let stripped = '';
	let from = 0;
	for (;;) {
		const start = xml.indexOf(open, from);
		if (start < 0) break;
		const end = xml.indexOf(close, start);
		if (end < 0) return parseNvidiaXml(xml, context); // truncated: let the parser say so
		stripped += `${xml.slice(from, start)}${open}${close}`;
		sections.push(xml.slice(start + open.length, end));
		from = end + close.length;
	}
	stripped += xml.slice(from);
	const gpus = parseNvidiaXml(stripped, context);
	if (sections.length !== gpus.length) return parseNvidiaXml(xml, context);
	let sliceStart = performance.now();
	const result: GpuDraft[] = [];
	for (const [index, gpu] of gpus.entries()) {
		const section = sections[index]!;
		const processes: GpuProcess[] = [];
		let at = 0;
		while (at < section.length) {
			let cut = at;
			for (let item = 0; item < processesPerSlice; item++) {
				const next = section.indexOf(itemEnd, cut);
				if (next < 0) {
					cut = section.length;
					break;
				}
				cut = next + itemEnd.length;
			}
			const chunk = section.slice(at, cut);
			at = cut;
			const [parsed] = parseNvidiaXml(`<nvidia_smi_log><gpu>${open}${chunk}${close}</gpu></nvidia_smi_log>`, context);
			if (parsed) for (const process of parsed.processes) processes.push(process);
			if (performance.now() - sliceStart > sliceMs) {
				// eslint-disable-next-line no-await-in-loop -- the point is to yield between slices
				await yieldToLoop(signal);
				sliceStart = performance.now();
			}
		}
		result.push({...gpu, processes});
	}
	return result;
}

function count(text: string, needle: string): number {
	let found = 0;
	for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) found++;
	return found;
}
