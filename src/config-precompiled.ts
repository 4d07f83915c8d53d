// Stand-in for the validators compiled at build time. In the source tree it is empty (tests and
// `tsx` compile each validator at run time, src/config-validate.ts); the production build
// replaces this module with one loader per registered plugin type, each importing that type's
// ajv standalone code (scripts/bundle/validators.mjs).

/** One plugin type's compiled validator and the JSON text of the schema it was compiled from. */
export type Precompiled = {
	readonly schema: string;
	readonly validate: (data: unknown) => boolean;
};

export const precompiled: Readonly<Record<string, () => Promise<Precompiled>>> = {};
