// ~/.ssh/config for the ssh plugin, through the `ssh-config` package: the source's `host` is looked
// up as OpenSSH does (Host patterns with wildcards and negation, first value wins), and HostName,
// User, Port, IdentityFile and ProxyJump fill what the source block leaves out; the block's own
// fields win. `Match` blocks and hostname canonicalisation are left out: ssh-config evaluates them
// with synchronous child processes (`Match exec`, nslookup), which a poller must not run. `Include`
// is not followed.
import {existsSync, readFileSync} from 'node:fs';
import {homedir, userInfo} from 'node:os';
import {join} from 'node:path';
import SSHConfig from 'ssh-config';
import {ConfigError} from '../../src/errors.js';

/** What ~/.ssh/config says about one host, in the source block's terms. */
export type SshHostConfig = {
	readonly host: string;
	readonly port?: number;
	readonly user?: string;
	/** The first IdentityFile that exists (all of them when none does: the first is used). */
	readonly keyFile?: string;
	/** ProxyJump's single hop: `[user@]host[:port]`, itself resolved through the same file. */
	readonly jump?: {readonly host: string; readonly port?: number; readonly user?: string; readonly keyFile?: string; readonly alias: string};
};

export function expandHome(path: string): string {
	return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** The config file a source reads: its `sshConfig` path, `~/.ssh/config` by default, none for `false`. */
export function sshConfigPath(field: string | false | undefined): string | undefined {
	if (field === false) return undefined;
	return expandHome(field ?? '~/.ssh/config');
}

function parseWithoutSideEffects(text: string): SSHConfig {
	const parsed = SSHConfig.parse(text);
	for (let index = parsed.length - 1; index >= 0; index--) {
		const line = parsed[index];
		if (line?.type !== SSHConfig.DIRECTIVE) continue;
		if (/^match$/i.test(line.param) || /^canonical/i.test(line.param)) {
			parsed.splice(index, 1);
			continue;
		}
		const section = (line as {config?: SSHConfig}).config;
		if (section) {
			for (let sub = section.length - 1; sub >= 0; sub--) {
				const subline = section[sub];
				if (subline?.type === SSHConfig.DIRECTIVE && /^canonical/i.test(subline.param)) section.splice(sub, 1);
			}
		}
	}
	return parsed;
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

function portOf(value: string | undefined, file: string, alias: string): number | undefined {
	if (value === undefined) return undefined;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new ConfigError({source: file, operation: `Host ${alias}`}, `Port ${JSON.stringify(value)} is not a port number`);
	return port;
}

/** OpenSSH's tokens in IdentityFile: %d home, %u local user, %h host name, %r remote user, %%. */
function expandTokens(path: string, host: string, user: string | undefined): string {
	const local = userInfo().username;
	return expandHome(path.replace(/%([%dhur])/g, (_, token: string) => (token === '%' ? '%' : token === 'd' ? homedir() : token === 'h' ? host : token === 'u' ? local : (user ?? local))));
}

function lookUp(config: SSHConfig, alias: string, file: string): Omit<SshHostConfig, 'jump'> & {proxyJump?: string} {
	const computed = config.compute(alias);
	const host = first(computed.HostName) ?? alias;
	const user = first(computed.User);
	const files = (Array.isArray(computed.IdentityFile) ? computed.IdentityFile : computed.IdentityFile ? [computed.IdentityFile] : []).map(path => expandTokens(path, host, user));
	const keyFile = files.find(path => existsSync(path)) ?? files[0];
	const port = portOf(first(computed.Port), file, alias);
	const proxyJump = first(computed.ProxyJump);
	return {host, ...(port === undefined ? {} : {port}), ...(user === undefined ? {} : {user}), ...(keyFile === undefined ? {} : {keyFile}), ...(proxyJump === undefined || /^none$/i.test(proxyJump) ? {} : {proxyJump})};
}

/** `[user@]host[:port]` (or `ssh://[user@]host[:port]`) → its parts. */
export function parseJumpSpec(spec: string, file: string, alias: string): {host: string; port?: number; user?: string} {
	const match = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(spec.trim());
	if (!match?.[2]) throw new ConfigError({source: file, operation: `Host ${alias}`}, `ProxyJump ${JSON.stringify(spec)} is not [user@]host[:port]`);
	const port = portOf(match[3], file, alias);
	return {host: match[2].replace(/^\[|\]$/g, ''), ...(port === undefined ? {} : {port}), ...(match[1] === undefined ? {} : {user: match[1]})};
}

/** Resolves one alias against ssh config text. A ProxyJump chain (`a,b`) is refused: one hop only. */
export function resolveSshHost(text: string, alias: string, file: string): SshHostConfig {
	const config = parseWithoutSideEffects(text);
	const {proxyJump, ...target} = lookUp(config, alias, file);
	if (proxyJump === undefined) return target;
	if (proxyJump.includes(',')) throw new ConfigError({source: file, operation: `Host ${alias}`}, `ProxyJump ${JSON.stringify(proxyJump)} is a chain: labdeck takes one hop (give the hop its own ssh source with a "jump")`);
	const spec = parseJumpSpec(proxyJump, file, alias);
	// The hop is itself looked up (as OpenSSH does); the spec's own user and port win.
	const {proxyJump: _ignored, ...hop} = lookUp(config, spec.host, file);
	return {...target, jump: {...hop, ...spec, host: hop.host, alias: spec.host}};
}

/** Reads the file (absent: nothing) and resolves the alias. */
export function sshHostFromFile(file: string | undefined, alias: string): SshHostConfig | undefined {
	if (file === undefined || !existsSync(file)) return undefined;
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new ConfigError({source: file, operation: 'read ssh config'}, error instanceof Error ? error.message : String(error));
	}
	return resolveSshHost(text, alias, file);
}

/** The Host aliases of a config without wildcards (for `labdeck init`'s suggestions). */
export function sshConfigAliases(text: string): string[] {
	const aliases: string[] = [];
	for (const line of SSHConfig.parse(text)) {
		if (line.type !== SSHConfig.DIRECTIVE || !/^host$/i.test(line.param)) continue;
		const values = Array.isArray(line.value) ? line.value.map(value => value.val) : [line.value];
		for (const value of values) if (!/[*?!]/.test(value) && !aliases.includes(value)) aliases.push(value);
	}
	return aliases;
}
