// Shared tone rules for kind modules' cells and fields (pure; views map tones to colour).
import type {Num} from '../entities.js';
import type {Tone} from './kind-module.js';

/** Percent usage: ≥ 90 critical, ≥ 75 warning. */
export function usageTone(percent: Num): Tone {
	if (percent === null) return 'muted';
	return percent >= 90 ? 'status.crit' : percent >= 75 ? 'status.warn' : 'plain';
}

export function levelTone(level: 'ok' | 'warn' | 'crit' | 'unknown'): Tone {
	return level === 'ok' ? 'status.ok' : level === 'warn' ? 'status.warn' : level === 'crit' ? 'status.crit' : 'muted';
}

/** JSON Schema shorthands for the modules' `--json` fragments. */
export const nullableNumber = {$ref: '#/definitions/nullableNumber'} as const;
export const nullableString = {$ref: '#/definitions/nullableString'} as const;
