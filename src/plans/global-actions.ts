// Actions that are not tied to one source (plans that act across plugins), one line each.
import type {ActionDef} from '../plugin-api.js';
import {shedLoadAction} from './index.js';
import {powerOffAction, powerOnAction} from './machine-power.js';

export const globalActions: readonly ActionDef[] = [
	shedLoadAction,
	powerOnAction,
	powerOffAction,
];
