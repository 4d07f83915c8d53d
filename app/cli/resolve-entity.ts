// How `labdeck act` finds its targets: an entity id, or what a person types instead: a guest's
// vmid (`101`), a name (`ml-train`), a local id, or a unique suffix of an id (`pve-main/101`).
// When the action names a kind (`guest.start`), entities of that kind are preferred. An unknown
// or ambiguous name fails with the closest matches, so the next try works.
import type {Entity, EntityKind} from '../../src/entities.js';

export type Resolution = {readonly entity: Entity} | {readonly error: string};

/** Levenshtein distance, bounded work for short strings. */
export function editDistance(a: string, b: string): number {
	const previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = previous[0]!;
		previous[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = previous[j]!;
			previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
			diagonal = above;
		}
	}
	return previous[b.length]!;
}

const label = (entity: Entity) => (entity.name && entity.name !== entity.localId ? `${entity.id} (${entity.name})` : entity.id);

export function resolveEntity(token: string, entities: readonly Entity[], kind?: EntityKind): Resolution {
	const exact = entities.find(entity => entity.id === token);
	if (exact) return {entity: exact};
	const wanted = token.toLowerCase();
	const prefer = (list: readonly Entity[]) => {
		const ofKind = kind ? list.filter(entity => entity.kind === kind) : [];
		return ofKind.length > 0 ? ofKind : list;
	};
	const levels: readonly ((entity: Entity) => boolean)[] = [
		entity => entity.kind === 'guest' && String((entity as {vmid?: number}).vmid) === token,
		entity => entity.name.toLowerCase() === wanted || entity.localId.toLowerCase() === wanted,
		entity => entity.id.toLowerCase().endsWith(`/${wanted}`) || entity.id.toLowerCase().endsWith(`:${wanted}`),
		entity => wanted.length >= 3 && (entity.id.toLowerCase().endsWith(wanted) || entity.name.toLowerCase().endsWith(wanted)),
	];
	for (const level of levels) {
		const found = prefer(entities.filter(level));
		if (found.length === 1) return {entity: found[0]!};
		if (found.length > 1) return {error: `"${token}" matches ${found.length} entities: ${found.slice(0, 6).map(label).join(', ')}${found.length > 6 ? ', …' : ''}; give the full id`};
	}
	return {error: `unknown entity "${token}"${suggest(token, prefer(entities))}`};
}

/** "; did you mean …" with up to three close ids or names, or nothing. */
function suggest(token: string, entities: readonly Entity[]): string {
	const wanted = token.toLowerCase();
	const scored = entities.map(entity => {
		const distance = Math.min(editDistance(wanted, entity.name.toLowerCase()), editDistance(wanted, entity.localId.toLowerCase()), editDistance(wanted, entity.id.toLowerCase()));
		const contains = entity.id.toLowerCase().includes(wanted) || entity.name.toLowerCase().includes(wanted);
		return {entity, score: contains ? 0 : distance};
	}).filter(entry => entry.score <= Math.max(2, Math.floor(wanted.length / 3)));
	scored.sort((a, b) => a.score - b.score || a.entity.id.localeCompare(b.entity.id));
	return scored.length > 0 ? `; did you mean ${scored.slice(0, 3).map(entry => label(entry.entity)).join(', ')}?` : ' (labdeck hosts, vms, gpus or power list the ids)';
}
