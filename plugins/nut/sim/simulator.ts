// A upsd-protocol server on loopback, serving UPSes from `.dev` fixtures (fixtures/nut/), for the
// tests and the demo lab. It speaks what real upsd 2.8 speaks (checked against Debian's upsd with
// dummy-ups): LIST UPS/VAR/CMD/RW, GET VAR/UPSDESC, USERNAME/PASSWORD (the password is checked
// at INSTCMD time, as upsd does), INSTCMD, STARTTLS (with a key and certificate), LOGOUT; and
// it has fault modes: per-UPS DATA-STALE, garbage replies, a hang (accepts, never answers) and a
// truncated LIST VAR. Time comes from `now()` so tests step it instead of sleeping.
import net from 'node:net';
import tls from 'node:tls';
import {quote, tokenize} from '../parse.js';
import {UpsModel} from './sim-model.js';

export type SimMode = 'normal' | 'garbage' | 'hang' | 'truncated';

export type NutSimulatorOptions = {
	/** UPS name → `.dev` text. */
	readonly ups: Readonly<Record<string, string>>;
	readonly users?: Readonly<Record<string, {readonly password: string; readonly instcmds: readonly string[] | 'ALL'}>>;
	/** PEM key and certificate: STARTTLS is offered when given. */
	readonly tls?: {readonly key: string; readonly cert: string};
	readonly now?: () => number;
	/** Called after an instant command changed what a UPS powers (the demo lab's power events). */
	readonly onCommand?: (ups: string, command: string, model: UpsModel) => void;
};

export type NutSimulator = {
	readonly port: number;
	readonly models: ReadonlyMap<string, UpsModel>;
	mode: SimMode;
	/** UPSes whose driver is "stale": LIST VAR and GET VAR answer ERR DATA-STALE. */
	readonly staleUps: Set<string>;
	/** Instant commands run, `ups:command`, in order. */
	readonly commandLog: string[];
	/** Requests received, in order (passwords included: test use only). */
	readonly requests: string[];
	/** Connections accepted so far. */
	readonly connectionCount: number;
	/** Closes every client connection (an upsd restart, an idle drop). */
	dropConnections(): void;
	/** Mains on or off for every UPS (the power-outage scenario). */
	setMains(isOn: boolean): void;
	stop(): Promise<void>;
};

type Session = {username?: string; password?: string; isTls: boolean};

export async function startNutSimulator(options: NutSimulatorOptions): Promise<NutSimulator> {
	const now = options.now ?? Date.now;
	const models = new Map<string, UpsModel>();
	for (const [name, dev] of Object.entries(options.ups)) models.set(name, new UpsModel({name, description: `${name} (labdeck simulator)`, dev, now: now()}));
	const sockets = new Set<net.Socket>();
	const state: {mode: SimMode; connections: number} = {mode: 'normal', connections: 0};
	const staleUps = new Set<string>();
	const commandLog: string[] = [];
	const requests: string[] = [];

	const handle = (socket: net.Socket, session: Session, line: string, reply: (text: string) => void, upgrade: () => void): void => {
		requests.push(line);
		if (state.mode === 'hang') return;
		if (state.mode === 'garbage') {
			reply('\u0000\u00ff<html>garbage 200 OK\u0001');
			return;
		}
		const words = tokenize(line) ?? [];
		const [verb = '', a, b, c] = words.map((word, index) => (index === 0 ? word.toUpperCase() : word));
		const ups = (name: string | undefined) => (name === undefined ? undefined : models.get(name));
		switch (`${verb} ${verb === 'LIST' || verb === 'GET' ? (a ?? '').toUpperCase() : ''}`.trim()) {
			case 'VER':
				return reply('Network UPS Tools upsd 2.8.0 - labdeck simulator');
			case 'NETVER':
				return reply('1.3');
			case 'HELP':
				return reply('Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS');
			case 'LIST UPS':
				return reply(['BEGIN LIST UPS', ...[...models.values()].map(model => `UPS ${model.name} ${quote(model.description)}`), 'END LIST UPS'].join('\n'));
			case 'LIST VAR': {
				const model = ups(b);
				if (!model) return reply(b === undefined ? 'ERR INVALID-ARGUMENT' : 'ERR UNKNOWN-UPS');
				if (staleUps.has(model.name)) return reply('ERR DATA-STALE');
				const lines = Object.entries(model.vars(now())).sort(([x], [y]) => (x < y ? -1 : 1)).map(([name, value]) => `VAR ${model.name} ${name} ${quote(value)}`);
				if (state.mode === 'truncated') {
					socket.end([`BEGIN LIST VAR ${model.name}`, ...lines.slice(0, Math.floor(lines.length / 2))].join('\n') + '\n');
					return;
				}
				return reply([`BEGIN LIST VAR ${model.name}`, ...lines, `END LIST VAR ${model.name}`].join('\n'));
			}
			case 'LIST CMD': {
				const model = ups(b);
				if (!model) return reply('ERR UNKNOWN-UPS');
				return reply([`BEGIN LIST CMD ${model.name}`, ...model.commands.map(command => `CMD ${model.name} ${command}`), `END LIST CMD ${model.name}`].join('\n'));
			}
			case 'LIST RW':
				return ups(b) ? reply(`BEGIN LIST RW ${b}\nEND LIST RW ${b}`) : reply('ERR UNKNOWN-UPS');
			case 'GET VAR': {
				const model = ups(b);
				if (!model) return reply('ERR UNKNOWN-UPS');
				if (staleUps.has(model.name)) return reply('ERR DATA-STALE');
				const value = c === undefined ? undefined : model.vars(now())[c];
				return reply(value === undefined ? 'ERR VAR-NOT-SUPPORTED' : `VAR ${model.name} ${c} ${quote(value)}`);
			}
			case 'GET UPSDESC': {
				const model = ups(b);
				return reply(model ? `UPSDESC ${model.name} ${quote(model.description)}` : 'ERR UNKNOWN-UPS');
			}
			case 'USERNAME':
				if (session.username !== undefined) return reply('ERR ALREADY-SET-USERNAME');
				if (a === undefined) return reply('ERR INVALID-ARGUMENT');
				session.username = a;
				return reply('OK');
			case 'PASSWORD':
				if (session.password !== undefined) return reply('ERR ALREADY-SET-PASSWORD');
				if (a === undefined) return reply('ERR INVALID-ARGUMENT');
				session.password = a;
				return reply('OK');
			case 'STARTTLS':
				if (!options.tls) return reply('ERR FEATURE-NOT-CONFIGURED');
				if (session.isTls) return reply('ERR ALREADY-SSL-MODE');
				reply('OK STARTTLS');
				return upgrade();
			case 'INSTCMD': {
				if (session.username === undefined) return reply('ERR USERNAME-REQUIRED');
				if (session.password === undefined) return reply('ERR PASSWORD-REQUIRED');
				const user = options.users?.[session.username];
				if (!user || user.password !== session.password) return reply('ERR ACCESS-DENIED');
				const model = ups(a);
				if (!model) return reply('ERR UNKNOWN-UPS');
				if (b === undefined) return reply('ERR INVALID-ARGUMENT');
				if (user.instcmds !== 'ALL' && !user.instcmds.includes(b)) return reply('ERR ACCESS-DENIED');
				if (!model.run(b, now())) return reply('ERR CMD-NOT-SUPPORTED');
				commandLog.push(`${model.name}:${b}`);
				options.onCommand?.(model.name, b, model);
				return reply('OK');
			}
			case 'LOGOUT':
				socket.end('OK Goodbye\n');
				return;
			default:
				return reply('ERR UNKNOWN-COMMAND');
		}
	};

	const serve = (socket: net.Socket, session: Session): void => {
		let buffer = '';
		const reply = (text: string) => {
			if (!socket.destroyed) socket.write(`${text}\n`);
		};
		const onData = (chunk: Buffer) => {
			buffer += chunk.toString('utf8');
			let newline = buffer.indexOf('\n');
			while (newline >= 0) {
				const line = buffer.slice(0, newline).replace(/\r$/, '');
				buffer = buffer.slice(newline + 1);
				let isUpgrading = false;
				handle(socket, session, line, reply, () => {
					isUpgrading = true;
				});
				if (isUpgrading) {
					socket.off('data', onData);
					const secure = new tls.TLSSocket(socket, {isServer: true, key: options.tls!.key, cert: options.tls!.cert});
					secure.on('error', () => secure.destroy());
					sockets.add(secure);
					serve(secure, {...session, isTls: true});
					return;
				}
				newline = buffer.indexOf('\n');
			}
			if (buffer.length > 64 * 1024) socket.destroy();
		};
		socket.on('data', onData);
	};

	const server = net.createServer(socket => {
		sockets.add(socket);
		state.connections++;
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		serve(socket, {isTls: false});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	server.unref();
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('nut simulator: no port');

	return {
		port: address.port,
		models,
		get mode() {
			return state.mode;
		},
		set mode(value: SimMode) {
			state.mode = value;
		},
		get connectionCount() {
			return state.connections;
		},
		dropConnections() {
			for (const socket of sockets) socket.destroy();
		},
		staleUps,
		commandLog,
		requests,
		setMains(isOn) {
			for (const model of models.values()) model.setMains(isOn, now());
		},
		async stop() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}
