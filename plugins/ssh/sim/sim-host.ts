// The simulated Linux side of an SSH host: renders what the host script prints (the /proc files,
// df, hwmon) from a profile in fixtures/ssh/hosts.json, with counters that advance with `now()`.

export type HostProfile = {
	readonly os: string;
	readonly kernel: string;
	readonly cpuModel: string;
	readonly cores: number;
	/** Average busy fraction, 0–1. */
	readonly load: number;
	readonly memTotalKiB: number;
	readonly memUsedFraction: number;
	readonly swapTotalKiB: number;
	readonly disks: readonly {readonly device: string; readonly type: string; readonly mount: string; readonly sizeKiB: number; readonly usedFraction: number}[];
	readonly temps: readonly (readonly [string, string, number])[];
};

/** Busy jiffies of one core after `t` seconds: the integral of load + 0.2·sin(t/20 + phase). */
function busyJiffies(t: number, load: number, phase: number): number {
	const amplitude = Math.min(load, 1 - load, 0.2);
	return Math.round(100 * (load * t - amplitude * 20 * (Math.cos(t / 20 + phase) - Math.cos(phase))));
}

/** `uptimeOffsetSec`: uptime at `bootMs` (a day, as if booted before the simulator started; 0 after a power cycle). */
export function renderHostReport(name: string, profile: HostProfile, bootMs: number, nowMs: number, uptimeOffsetSec = 86_400): string {
	const t = Math.max(0, (nowMs - bootMs) / 1000) + uptimeOffsetSec;
	const cores = Array.from({length: profile.cores}, (_, index) => {
		const busy = busyJiffies(t, profile.load, index * 0.37);
		const total = Math.round(100 * t);
		return [Math.round(busy * 0.8), 0, Math.round(busy * 0.2), total - busy, 0, 0, 0, 0, 0, 0];
	});
	const sum = cores.reduce((acc, core) => acc.map((value, index) => value + core[index]!), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
	const wobble = 0.03 * Math.sin(t / 45);
	const used = Math.round(profile.memTotalKiB * (profile.memUsedFraction + wobble));
	const load1 = (profile.load * profile.cores * (1 + wobble * 5)).toFixed(2);
	const rx = Math.round(t * 1_250_000);
	const tx = Math.round(t * 310_000);
	return [
		'@@labdeck-host 1',
		'@@hostname',
		name,
		'@@os',
		`PRETTY_NAME="${profile.os}"`,
		'@@kernel',
		profile.kernel,
		'@@loadavg',
		`${load1} ${(profile.load * profile.cores).toFixed(2)} ${(profile.load * profile.cores * 0.9).toFixed(2)} 3/1422 48211`,
		'@@stat',
		`cpu  ${sum.join(' ')}`,
		...cores.map((core, index) => `cpu${index} ${core.join(' ')}`),
		'@@cpuinfo',
		`model name\t: ${profile.cpuModel}`,
		'@@meminfo',
		`MemTotal:       ${profile.memTotalKiB} kB`,
		`MemFree:        ${Math.round((profile.memTotalKiB - used) * 0.4)} kB`,
		`MemAvailable:   ${profile.memTotalKiB - used} kB`,
		`SwapTotal:      ${profile.swapTotalKiB} kB`,
		`SwapFree:       ${Math.round(profile.swapTotalKiB * 0.97)} kB`,
		'@@uptime',
		`${t.toFixed(2)} ${(t * profile.cores * (1 - profile.load)).toFixed(2)}`,
		'@@netdev',
		'Inter-|   Receive                                                |  Transmit',
		' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
		'    lo: 81234 912 0 0 0 0 0 0 81234 912 0 0 0 0 0 0',
		`enp5s0: ${rx} ${Math.round(rx / 1400)} 0 0 0 0 0 0 ${tx} ${Math.round(tx / 1400)} 0 0 0 0 0 0`,
		'@@df',
		'Filesystem     Type     1024-blocks      Used  Available Capacity Mounted on',
		'udev           devtmpfs    65847000         0   65847000       0% /dev',
		'tmpfs          tmpfs       13175424      2172   13173252       1% /run',
		...profile.disks.map(disk => {
			const diskUsed = Math.round(disk.sizeKiB * disk.usedFraction);
			return `${disk.device} ${disk.type} ${disk.sizeKiB} ${diskUsed} ${disk.sizeKiB - diskUsed} ${Math.round(disk.usedFraction * 100)}% ${disk.mount}`;
		}),
		'@@temps',
		...profile.temps.map(([chip, label, celsius]) => `hwmon|${chip}|${label}|${Math.round((celsius + 2 * Math.sin(t / 30)) * 1000)}`),
		'@@end',
		'',
	].join('\n');
}
