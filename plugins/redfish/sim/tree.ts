// A Redfish resource tree for the simulator: path → resource. Loaded from one of the project's
// fixture files (`fixtures/redfish/<shape>.json`, an object keyed by `@odata.id`) or from a
// directory of `<path>/index.json` files (the shared corpus's mock-up layout). What such a mock-up
// leaves out (the service root, collections, a chassis whose Power is recorded but not the chassis
// itself, the session service) is synthesised from the paths present, so every tree is browsable
// from `/redfish/v1` by following `@odata.id` links.
import {readdir, readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';

export type Resource = Record<string, unknown>;
export type Tree = Map<string, Resource>;

export const rootPath = '/redfish/v1';

/** `/redfish/v1/Systems/1/` and `/redfish/v1/Systems/1#/x` → `/redfish/v1/Systems/1`. */
export function normalizePath(path: string): string {
	const bare = path.split('#')[0]!.split('?')[0]!;
	return bare.length > 1 ? bare.replace(/\/+$/, '') : bare;
}

export async function loadTree(location: string): Promise<Tree> {
	const info = await stat(location);
	const tree: Tree = new Map();
	if (info.isDirectory()) {
		await readDirectory(location, '', tree);
	} else {
		const data = JSON.parse(await readFile(location, 'utf8')) as Record<string, Resource>;
		for (const [path, resource] of Object.entries(data)) tree.set(normalizePath(path), structuredClone(resource));
	}
	complete(tree);
	return tree;
}

async function readDirectory(base: string, relative: string, tree: Tree): Promise<void> {
	const entries = await readdir(join(base, relative), {withFileTypes: true});
	for (const entry of entries) {
		if (entry.isDirectory()) await readDirectory(base, `${relative}/${entry.name}`, tree);
		else if (entry.name === 'index.json') tree.set(normalizePath(relative || '/'), JSON.parse(await readFile(join(base, relative, entry.name), 'utf8')) as Resource);
	}
}

const collectionNames: Readonly<Record<string, string>> = {
	Systems: 'ComputerSystemCollection', Chassis: 'ChassisCollection', Managers: 'ManagerCollection',
	LogServices: 'LogServiceCollection', Entries: 'LogEntryCollection', Sessions: 'SessionCollection',
};

/** Adds what a mock-up recorded only implicitly: parents of recorded resources, the root, sessions. */
function complete(tree: Tree): void {
	const paths = [...tree.keys()];
	const missing = new Set<string>();
	for (const path of paths) {
		const parts = path.split('/');
		for (let index = 3; index < parts.length; index++) {
			const parent = parts.slice(0, index).join('/');
			if (!tree.has(parent)) missing.add(parent);
		}
	}
	missing.add(rootPath);
	missing.add(`${rootPath}/SessionService`);
	missing.add(`${rootPath}/SessionService/Sessions`);
	for (const path of [...missing].sort((a, b) => a.length - b.length)) {
		if (tree.has(path)) continue;
		const children = [...tree.keys(), ...missing].filter(other => other.startsWith(`${path}/`) && !other.slice(path.length + 1).includes('/'));
		const name = path.split('/').at(-1)!;
		if (path === rootPath) {
			tree.set(path, {
				'@odata.id': rootPath, '@odata.type': '#ServiceRoot.v1_5_0.ServiceRoot', Id: 'RootService', Name: 'Root Service', RedfishVersion: '1.6.0',
				...Object.fromEntries(children.map(child => [child.split('/').at(-1)!, {'@odata.id': child}])),
				Links: {Sessions: {'@odata.id': `${rootPath}/SessionService/Sessions`}},
			});
		} else if (name === 'SessionService') {
			tree.set(path, {'@odata.id': path, '@odata.type': '#SessionService.v1_1_3.SessionService', Id: 'SessionService', Name: 'Session Service', ServiceEnabled: true, SessionTimeout: 1800, Sessions: {'@odata.id': `${path}/Sessions`}});
		} else if (collectionNames[name] || ['Systems', 'Chassis', 'Managers'].includes(name)) {
			tree.set(path, collection(path, name, children));
		} else {
			// A member recorded only through its sub-resources (iDRAC 9's chassis in the corpus).
			const links = Object.fromEntries(children.map(child => [child.split('/').at(-1)!, {'@odata.id': child}]));
			const type = path.includes('/Chassis/') ? '#Chassis.v1_6_0.Chassis' : '#Resource.Resource';
			tree.set(path, {'@odata.id': path, '@odata.type': type, Id: name, Name: name, ...links});
		}
	}
	// A collection recorded without members, or a root without the links the children imply.
	for (const [path, resource] of tree) {
		const name = path.split('/').at(-1)!;
		if (collectionNames[name] && !Array.isArray(resource.Members)) {
			const children = [...tree.keys()].filter(other => other.startsWith(`${path}/`) && !other.slice(path.length + 1).includes('/'));
			tree.set(path, {...collection(path, name, children), ...resource});
		}
	}
	const root = tree.get(rootPath)!;
	if (!root.SessionService) root.SessionService = {'@odata.id': `${rootPath}/SessionService`};
}

function collection(path: string, name: string, children: readonly string[]): Resource {
	const type = collectionNames[name] ?? `${name}Collection`;
	return {'@odata.id': path, '@odata.type': `#${type}.${type}`, Name: `${name} Collection`, Members: children.map(child => ({'@odata.id': child})), 'Members@odata.count': children.length};
}
