// The state of one simulated UPS: battery energy, mains, load per outlet, and the instant commands
// that change them. Time is passed in (`now`, epoch ms) so that tests step it without sleeping.
// Model: energy drains at the load's watts while on battery and refills over four hours on mains;
// runtime = energy / load; the UPS cuts its load when the energy runs out.
import {num, outletNumbers, parseDev, type NutVars} from '../parse.js';

export type SimOutlet = {isOn: boolean; readonly watts: number; readonly amps: number | null};

export type UpsModelOptions = {
	readonly name: string;
	readonly description: string;
	/** Text of a `.dev` file; its `# INSTCMDS:` comment lists the commands the UPS offers. */
	readonly dev: string;
	readonly now: number;
};

const rechargeSec = 4 * 3600;

export class UpsModel {
	readonly name: string;
	readonly description: string;
	readonly commands: readonly string[];
	readonly #base: Record<string, string>;
	readonly #outlets = new Map<number, SimOutlet>();
	readonly #capacityJ: number;
	readonly #nominalWatts: number;
	readonly #otherWatts: number;
	#energyJ: number;
	#isOnMains = true;
	#isLoadOn = true;
	#isReturnWanted = true;
	#updatedAt: number;

	constructor(options: UpsModelOptions) {
		const dump = parseDev(options.dev);
		this.name = options.name;
		this.description = options.description;
		this.commands = /^#\s*INSTCMDS:(.*)$/m.exec(options.dev)?.[1]?.trim().split(/\s+/) ?? [];
		this.#base = {...dump.vars};
		const vars = dump.vars;
		this.#nominalWatts = num(vars, 'ups.realpower.nominal') ?? 600;
		for (const number of outletNumbers(vars)) {
			this.#outlets.set(number, {
				isOn: (vars[`outlet.${number}.status`] ?? 'on') !== 'off',
				watts: num(vars, `outlet.${number}.realpower`) ?? 0,
				amps: num(vars, `outlet.${number}.current`),
			});
		}
		const outletWatts = [...this.#outlets.values()].reduce((sum, outlet) => sum + outlet.watts, 0);
		const loadWatts = num(vars, 'ups.realpower') ?? ((num(vars, 'ups.load') ?? 20) * this.#nominalWatts) / 100;
		this.#otherWatts = Math.max(0, loadWatts - outletWatts);
		const charge = (num(vars, 'battery.charge') ?? 100) / 100;
		const runtime = num(vars, 'battery.runtime') ?? 1800;
		this.#energyJ = runtime * Math.max(loadWatts, 1);
		this.#capacityJ = this.#energyJ / Math.max(charge, 0.05);
		this.#updatedAt = options.now;
	}

	get loadWatts(): number {
		if (!this.#isLoadOn) return 0;
		let watts = this.#otherWatts;
		for (const outlet of this.#outlets.values()) if (outlet.isOn) watts += outlet.watts;
		return watts;
	}

	get isOnMains(): boolean {
		return this.#isOnMains;
	}

	/** Advances the battery to `now`. */
	advance(now: number): void {
		const seconds = Math.max(0, (now - this.#updatedAt) / 1000);
		this.#updatedAt = Math.max(now, this.#updatedAt);
		if (this.#isOnMains) {
			this.#energyJ = Math.min(this.#capacityJ, this.#energyJ + (this.#capacityJ / rechargeSec) * seconds);
			return;
		}
		this.#energyJ = Math.max(0, this.#energyJ - this.loadWatts * seconds);
		if (this.#energyJ === 0) this.#isLoadOn = false;
	}

	setMains(isOn: boolean, now: number): void {
		this.advance(now);
		this.#isOnMains = isOn;
		if (isOn && this.#isReturnWanted) this.#isLoadOn = true;
	}

	/** Runs an instant command; returns false when the UPS does not offer it. */
	run(command: string, now: number): boolean {
		if (!this.commands.includes(command)) return false;
		this.advance(now);
		const outlet = /^outlet\.(\d+)\.load\.(on|off)$/.exec(command);
		if (outlet) {
			const state = this.#outlets.get(Number(outlet[1]));
			if (state) state.isOn = outlet[2] === 'on';
			return true;
		}
		if (command === 'load.off' || command === 'load.off.delay') this.#isLoadOn = false;
		else if (command === 'load.on') this.#isLoadOn = true;
		else if (command === 'shutdown.return' || command === 'shutdown.stayoff') {
			this.#isLoadOn = false;
			this.#isReturnWanted = command === 'shutdown.return';
		} else if (command.startsWith('test.battery.start')) {
			this.#base['ups.test.result'] = 'Done and passed';
			this.#base['ups.test.date'] = new Date(now).toISOString().slice(0, 10);
		} else if (command === 'beeper.mute' || command === 'beeper.disable' || command === 'beeper.off') {
			this.#base['ups.beeper.status'] = command === 'beeper.mute' ? 'muted' : 'disabled';
		} else if (command === 'beeper.enable' || command === 'beeper.on') this.#base['ups.beeper.status'] = 'enabled';
		return true;
	}

	/** The variables as `LIST VAR` shows them now. */
	vars(now: number): NutVars {
		this.advance(now);
		const vars: Record<string, string> = {...this.#base};
		const load = this.loadWatts;
		const charge = (this.#energyJ / this.#capacityJ) * 100;
		const runtime = load > 0 ? this.#energyJ / load : 99_999;
		const lowCharge = num(this.#base, 'battery.charge.low') ?? 20;
		const lowRuntime = num(this.#base, 'battery.runtime.low') ?? 120;
		const isLow = !this.#isOnMains && (charge <= lowCharge || runtime <= lowRuntime);
		const tokens = !this.#isLoadOn ? ['OFF'] : this.#isOnMains ? ['OL', ...(charge < 99.5 ? ['CHRG'] : [])] : ['OB', 'DISCHRG'];
		if (this.#isLoadOn && isLow) tokens.push('LB');
		vars['ups.status'] = tokens.join(' ');
		vars['battery.charge'] = String(Math.round(charge));
		vars['battery.runtime'] = String(Math.round(Math.min(runtime, 99_999)));
		vars['ups.load'] = String(Math.round((load / this.#nominalWatts) * 100));
		if ('ups.realpower' in vars) vars['ups.realpower'] = String(Math.round(load));
		if (!this.#isOnMains) {
			vars['input.voltage'] = '0.0';
			vars['input.transfer.reason'] = 'input voltage out of range';
		}
		if (!this.#isLoadOn) vars['output.voltage'] = '0.0';
		for (const [number, outlet] of this.#outlets) {
			const isPowered = outlet.isOn && this.#isLoadOn;
			vars[`outlet.${number}.status`] = outlet.isOn ? 'on' : 'off';
			vars[`outlet.${number}.realpower`] = String(isPowered ? outlet.watts : 0);
			if (outlet.amps !== null) vars[`outlet.${number}.current`] = isPowered ? outlet.amps.toFixed(2) : '0.00';
		}
		return vars;
	}

	outletState(number: number): boolean | undefined {
		const outlet = this.#outlets.get(number);
		return outlet ? outlet.isOn && this.#isLoadOn : undefined;
	}

	get isLoadOn(): boolean {
		return this.#isLoadOn;
	}
}
