// What `labdeck init` checks, once each, with a short timeout: a local nvidia-smi on PATH, a NUT
// server (`LIST UPS`), and only the hosts it is given: a Proxmox node's certificate fingerprint,
// an SNMP device's sysDescr/sysObjectID (→ apc-pdu or ups), a BMC's Redfish service root. It never
// scans a network.
import {accessSync, constants} from 'node:fs';
import {connect as connectTcp} from 'node:net';
import {request} from 'node:https';
import {connect as connectTls} from 'node:tls';
import path from 'node:path';
import {SnmpSession} from '../../protocols/snmp/session.js';

export type Probe<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly reason: string};

const fail = (error: unknown): {ok: false; reason: string} => ({ok: false, reason: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed'});

/** `host`, `host:port`, `[v6]:port` → parts; the port falls back to the protocol's default. */
export function hostPort(spec: string, defaultPort: number): {host: string; port: number} {
	const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(spec.trim()) ?? /^()(.+)()$/.exec(spec.trim());
	const host = match?.[1] || match?.[2] || spec;
	return {host, port: match?.[3] ? Number(match[3]) : defaultPort};
}

/** nvidia-smi in one of $PATH's directories (not run). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
	for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
		const file = path.join(dir, name);
		try {
			accessSync(file, constants.X_OK);
			return file;
		} catch {}
	}
	return undefined;
}

/** Connects to upsd, sends `LIST UPS`, returns the UPS names. */
export async function probeNut(host: string, port: number, timeoutMs: number): Promise<Probe<string[]>> {
	return new Promise(resolve => {
		const socket = connectTcp({host, port});
		let text = '';
		const done = (result: Probe<string[]>) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(result);
		};
		const timer = setTimeout(() => done({ok: false, reason: `no answer within ${timeoutMs} ms`}), timeoutMs);
		socket.once('connect', () => socket.write('LIST UPS\n'));
		socket.on('data', chunk => {
			text += chunk.toString('utf8');
			if (/^ERR /m.test(text)) done({ok: false, reason: `upsd said ${text.trim().split('\n')[0] ?? ''}`});
			else if (text.includes('END LIST UPS')) done({ok: true, value: [...text.matchAll(/^UPS (\S+) /gm)].map(match => match[1]!)});
		});
		socket.once('error', error => done(fail(error)));
		socket.once('close', () => done({ok: false, reason: 'closed before END LIST UPS'}));
	});
}

/** The SHA-256 fingerprint of a TLS peer's certificate (not verified: this is what is shown for pinning). */
export async function probeFingerprint(host: string, port: number, timeoutMs: number): Promise<Probe<string>> {
	return new Promise(resolve => {
		const socket = connectTls({host, port, rejectUnauthorized: false, ...(/^[\d.:]+$/.test(host) ? {} : {servername: host})});
		const done = (result: Probe<string>) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(result);
		};
		const timer = setTimeout(() => done({ok: false, reason: `no TLS handshake within ${timeoutMs} ms`}), timeoutMs);
		socket.once('secureConnect', () => {
			const fingerprint = socket.getPeerCertificate().fingerprint256;
			done(fingerprint ? {ok: true, value: fingerprint} : {ok: false, reason: 'no certificate'});
		});
		socket.once('error', error => done(fail(error)));
	});
}

export type SnmpModel = {readonly sysDescr: string; readonly sysObjectId: string; readonly plugin: 'apc-pdu' | 'ups' | undefined};

/** APC rPDUs (318.1.3.4) and ATSes (318.1.3.11) → apc-pdu; APC UPSes (318.1.3.2, .27) and UPS-MIB agents → ups. */
export function pluginForObjectId(objectId: string): SnmpModel['plugin'] {
	if (/^1\.3\.6\.1\.4\.1\.318\.1\.3\.(4|11)(\.|$)/.test(objectId)) return 'apc-pdu';
	if (/^1\.3\.6\.1\.4\.1\.318\.1\.3\.(2|27)(\.|$)/.test(objectId) || /^1\.3\.6\.1\.2\.1\.33(\.|$)/.test(objectId)) return 'ups';
	return undefined;
}

export async function probeSnmp(host: string, port: number, community: string, timeoutMs: number): Promise<Probe<SnmpModel>> {
	const controller = new AbortController();
	try {
		const session = SnmpSession.open({source: `${host}:${port}`, host, port, version: '2c', community, writeCommunity: undefined, user: undefined, timeoutMs, retries: 0, maxRepetitions: 20}, 'read', controller.signal);
		const values = await session.get(['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0']);
		session.close();
		const sysDescr = String(values.get('1.3.6.1.2.1.1.1.0') ?? '');
		const sysObjectId = String(values.get('1.3.6.1.2.1.1.2.0') ?? '');
		return {ok: true, value: {sysDescr, sysObjectId, plugin: pluginForObjectId(sysObjectId)}};
	} catch (error) {
		return fail(error);
	} finally {
		controller.abort();
	}
}

export type RedfishRoot = {readonly fingerprint: string; readonly product: string};

/** GET /redfish/v1 (the service root needs no login) and the certificate's fingerprint. */
export async function probeRedfish(host: string, port: number, timeoutMs: number): Promise<Probe<RedfishRoot>> {
	return new Promise(resolve => {
		const req = request({host, port, path: '/redfish/v1', method: 'GET', rejectUnauthorized: false, timeout: timeoutMs, headers: {accept: 'application/json'}}, response => {
			const fingerprint = (response.socket as import('node:tls').TLSSocket).getPeerCertificate?.().fingerprint256 ?? '';
			let body = '';
			response.setEncoding('utf8');
			response.on('data', chunk => {
				body += chunk;
				if (body.length > 1_000_000) req.destroy(new Error('service root over 1 MB'));
			});
			response.on('end', () => {
				if (response.statusCode !== 200) return resolve({ok: false, reason: `HTTP ${response.statusCode ?? '?'} for /redfish/v1`});
				try {
					const root = JSON.parse(body) as Record<string, unknown>;
					const product = [root.Vendor, root.Product, root.RedfishVersion ? `Redfish ${String(root.RedfishVersion)}` : undefined].filter(part => typeof part === 'string' && part !== '').join(', ') || String(root.Name ?? 'Redfish service');
					resolve({ok: true, value: {fingerprint, product}});
				} catch {
					resolve({ok: false, reason: '/redfish/v1 is not JSON'});
				}
			});
		});
		req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.once('error', error => resolve(fail(error)));
		req.end();
	});
}
