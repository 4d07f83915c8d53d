// Child process of bench/render-synthetic.ts: the real App over a synthetic store (BENCH_GUESTS,
// BENCH_GPUS, BENCH_OUTLETS, BENCH_SOURCES; default 2,000 guests, 128 GPUs, 96 outlets, 3 sources),
// re-polled at 1 Hz for 30 s (CPU % of one core split into polling and drawing, peak RSS), then
// keypresses (Down/Up) timed to the next frame. Prints one JSON line of figures.
import {benchRender} from './bench-render.js';

const seconds = Number(process.env.BENCH_SECONDS ?? '30');
const pane = (process.env.BENCH_PANE ?? 'vms') as 'vms';
const count = (name: string, fallback: number) => Number(process.env[name] ?? String(fallback));
const rig = benchRender({pane, width: 200, height: 60, guests: count('BENCH_GUESTS', 2000), gpus: count('BENCH_GPUS', 128), outlets: count('BENCH_OUTLETS', 96), sources: count('BENCH_SOURCES', 3)});
await rig.render();
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

// Phase 1: a poll round every second, nothing else.
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
const writesStart = rig.stdout.writes;
const pollStart = rig.pollCpuUs();
for (let second = 0; second < seconds; second++) {
	await new Promise(resolve => setTimeout(resolve, 1000));
	rig.tick();
	// BENCH_RSS_LOG=1: RSS and heap every 10 s on stderr (a soak run looks for growth).
	if (process.env.BENCH_RSS_LOG && second % 10 === 9) process.stderr.write(`${second + 1}s rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB\n`);
}
const cpu = process.cpuUsage(cpuStart);
const wallMs = performance.now() - wallStart;
const cpuPercent = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
const pollCpuPercent = ((rig.pollCpuUs() - pollStart) / 1000 / wallMs) * 100;
const framesPerSecond = (rig.stdout.writes - writesStart) / seconds;

// Phase 2: keypress → frame, alternating Down and Up so that every key changes the frame.
const latencies: number[] = [];
for (let index = 0; index < Number(process.env.BENCH_KEYS ?? '200'); index++) {
	await new Promise(resolve => setTimeout(resolve, 40));
	const frame = rig.waitFrame();
	const pressed = performance.now();
	rig.pressKey(index % 2 === 0 ? '\u001B[B' : '\u001B[A');
	latencies.push((await frame) - pressed);
}
clearInterval(sampler);
rig.unmount();
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
process.stdout.write(`${JSON.stringify({cpuPercent, pollCpuPercent, drawCpuPercent: cpuPercent - pollCpuPercent, framesPerSecond, peakRssMb: peakRss / 2 ** 20, p50: at(0.5), p95: at(0.95)})}\n`);
process.exit(0);
