// The `/` filter grammar shared by every table (pure; views and the CLI use it).
//
//   query   := term (whitespace term)*            all terms must match (AND)
//   term    := "!"? (field ":" (regex | value) | regex | text)
//   regex   := "re:" pattern | "/" pattern "/"     case-insensitive; without a field it runs over
//                                                  the row's name (`/^k8s/`: names starting with k8s)
//   field   := a field the row declares (node, tag, status, type, host…, and `text` for the whole
//              row); the value matches case-insensitively as displayed or as in `--json` (kind
//              modules give both spellings), or any element of a list; "*" is a wildcard
//   text    := a case-insensitive substring of the row's text
// A leading "!" inverts the term. Quotes group words: `"ml train"`. A term that cannot be used as
// written (an invalid regex; a field no row declares, when the caller names the known fields) is
// left out and reported in `error`, so that the filter line says why instead of matching nothing.

export type FilterRow = {
	/** Everything the row shows, joined: what free text searches. */
	readonly text: string;
	/** Named fields for `field:value` terms; `name` is also what a bare regex runs over. */
	readonly fields: Readonly<Record<string, string | readonly string[] | null>>;
};

type Inverted = {readonly isInverted: boolean};
export type FilterTerm =
	| ({readonly type: 'text'; readonly value: string} & Inverted)
	| ({readonly type: 'regex'; readonly field: string | undefined; readonly pattern: RegExp} & Inverted)
	| ({readonly type: 'field'; readonly field: string; readonly value: string} & Inverted);

export type Filter = {
	readonly query: string;
	readonly terms: readonly FilterTerm[];
	/** One line when part of the query could not be used as written (that part is left out). */
	readonly error: string | undefined;
	matches(row: FilterRow): boolean;
};

export function tokenize(query: string): string[] {
	const tokens: string[] = [];
	const pattern = /(!?(?:[a-z][\w-]*:)?"[^"]*"?|!?(?:[a-z][\w-]*:)?\/(?:[^/\\]|\\.)*\/|\S+)/gi;
	for (const match of query.matchAll(pattern)) tokens.push(match[0].replace(/"/g, ''));
	return tokens;
}

/** The pattern of `re:x` or `/x/`, or undefined when the text is not a regex term. */
function regexBody(text: string): string | undefined {
	if (text.startsWith('re:')) return text.slice(3);
	return /^\/.+\/$/.test(text) ? text.slice(1, -1) : undefined;
}

/**
 * Parses a query. `knownFields` (the fields the rows declare) turns a `field:value` term whose
 * field no row has into an error; without it such a term is searched as plain text.
 */
export function parseFilter(query: string, knownFields?: ReadonlySet<string>): Filter {
	const errors: string[] = [];
	const terms: FilterTerm[] = [];
	for (const token of tokenize(query)) {
		const isInverted = token.startsWith('!') && token.length > 1;
		const body = isInverted ? token.slice(1) : token;
		const named = /^([a-z][\w-]*):(.+)$/i.exec(body);
		const field = named && named[1]!.toLowerCase() !== 're' ? named[1]!.toLowerCase() : undefined;
		const regexSource = regexBody(field ? named![2]! : body);
		if (field && knownFields && field !== 'text' && !knownFields.has(field)) {
			errors.push(`unknown field ${field}: (fields: ${[...knownFields].sort().join(' ')})`);
			continue;
		}
		if (regexSource !== undefined && regexSource.length > 0) {
			try {
				terms.push({type: 'regex', field, pattern: new RegExp(regexSource, 'i'), isInverted});
			} catch (error) {
				errors.push(`invalid regex /${regexSource}/: ${error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/\w*: /, '') : 'bad pattern'}`);
			}
			continue;
		}
		if (field) terms.push({type: 'field', field, value: named![2]!.toLowerCase(), isInverted});
		else if (body.length > 0) terms.push({type: 'text', value: body.toLowerCase(), isInverted});
	}
	const error = errors.length === 0 ? undefined : errors.join(' · ');
	return {query, terms, error, matches: row => terms.every(term => termMatches(term, row) !== term.isInverted)};
}

/** Every field name the rows declare, plus `text`: what a filter over them may name. */
export function fieldsOf(rows: readonly FilterRow[]): ReadonlySet<string> {
	const names = new Set<string>(['text']);
	for (const row of rows) for (const name of Object.keys(row.fields)) names.add(name);
	return names;
}

function valuesOf(row: FilterRow, field: string | undefined): readonly string[] | undefined {
	if (field === 'text') return [row.text];
	const value = field === undefined ? (row.fields['name'] ?? row.text) : row.fields[field];
	if (value === null || value === undefined) return undefined;
	return typeof value === 'string' ? [value] : value;
}

function termMatches(term: FilterTerm, row: FilterRow): boolean {
	if (term.type === 'text') return row.text.toLowerCase().includes(term.value);
	if (term.type === 'regex') return valuesOf(row, term.field)?.some(value => term.pattern.test(value)) ?? false;
	if (term.field !== 'text' && !(term.field in row.fields)) return row.text.toLowerCase().includes(`${term.field}:${term.value}`);
	const glob = globToRegex(term.value);
	if (term.field === 'text') return row.text.toLowerCase().includes(term.value);
	return valuesOf(row, term.field)?.some(candidate => glob.test(candidate.toLowerCase())) ?? false;
}

function globToRegex(value: string): RegExp {
	const escaped = value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${escaped}$`);
}
