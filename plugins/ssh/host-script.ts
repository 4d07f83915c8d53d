// The one command a poll runs on a remote Linux host: a POSIX sh script that prints each source
// of data under an `@@name` marker line, so one round trip gives the whole host.

export const hostScript = [
	'echo @@labdeck-host 1',
	'echo @@hostname; cat /proc/sys/kernel/hostname 2>/dev/null || hostname',
	"echo @@os; grep '^PRETTY_NAME=' /etc/os-release 2>/dev/null",
	'echo @@kernel; uname -r',
	'echo @@loadavg; cat /proc/loadavg',
	"echo @@stat; grep '^cpu' /proc/stat",
	"echo @@cpuinfo; grep -m1 -E '^(model name|Model|Hardware)' /proc/cpuinfo",
	'echo @@meminfo; cat /proc/meminfo',
	'echo @@uptime; cat /proc/uptime',
	'echo @@netdev; cat /proc/net/dev',
	'echo @@df; df -PT 2>/dev/null || df -P',
	'echo @@temps',
	'for f in /sys/class/hwmon/hwmon*/temp*_input; do [ -r "$f" ] || continue; d=${f%/*}; l=${f%_input}_label; n=$(cat "$d/name" 2>/dev/null); if [ -r "$l" ]; then l=$(cat "$l"); else l=${f##*/}; l=${l%_input}; fi; echo "hwmon|$n|$l|$(cat "$f" 2>/dev/null)"; done',
	'for z in /sys/class/thermal/thermal_zone*; do [ -r "$z/temp" ] || continue; echo "thermal|$(cat "$z/type" 2>/dev/null)||$(cat "$z/temp" 2>/dev/null)"; done',
	'echo @@end',
].join('\n');

/** The script as one remote command line, run by `sh` whatever the user's login shell is. */
export const hostCommand = `sh -c '${hostScript.replaceAll("'", "'\\''")}'`;

/** Marks the script, so the simulator can recognise it. */
export const hostMarker = '@@labdeck-host';
