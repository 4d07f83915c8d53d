// The `/` filter grammar shared by every table (pure; views and the CLI use it).
//
//   query   := term (whitespace term)*          all terms must match (AND)
//   term    := "!"? (field ":" value | regex | text)
//   regex   := "re:" pattern | "/" pattern "/"   case-insensitive, over the row's text
//   field   := a field the row declares (node, tag, status, type, host…); value is matched
//              case-insensitively against it (or any element of a list), "*" as a wildcard
//   text    := a case-insensitive substring of the row's text
// A leading "!" inverts the term. Quotes group words: `"ml train"`. A `field:` the row does not
// declare is plain text. An invalid regex matches as literal text and sets `error`.

export type FilterRow = {
	/** Everything the row shows, joined: what free text and regexes search. */
	readonly text: string;
	/** Named fields for `field:value` terms. */
	readonly fields: Readonly<Record<string, string | readonly string[] | null>>;
};

export type FilterTerm =
	| {readonly type: 'text'; readonly value: string; readonly isInverted: boolean}
	| {readonly type: 'regex'; readonly pattern: RegExp; readonly isInverted: boolean}
	| {readonly type: 'field'; readonly field: string; readonly value: string; readonly isInverted: boolean};

export type Filter = {
	readonly query: string;
	readonly terms: readonly FilterTerm[];
	/** One line when part of the query could not be used as written. */
	readonly error: string | undefined;
	matches(row: FilterRow): boolean;
};

export function tokenize(query: string): string[] {
	const tokens: string[] = [];
	const pattern = /(!?(?:[a-z][\w-]*:)?"[^"]*"?|!?\/(?:[^/\\]|\\.)*\/|\S+)/gi;
	for (const match of query.matchAll(pattern)) tokens.push(match[0].replace(/"/g, ''));
	return tokens;
}

export function parseFilter(query: string): Filter {
	let error: string | undefined;
	const terms: FilterTerm[] = [];
	for (const token of tokenize(query)) {
		const isInverted = token.startsWith('!') && token.length > 1;
		const body = isInverted ? token.slice(1) : token;
		const regexSource = body.startsWith('re:') ? body.slice(3) : /^\/.+\/$/.test(body) ? body.slice(1, -1) : undefined;
		if (regexSource !== undefined && regexSource.length > 0) {
			try {
				terms.push({type: 'regex', pattern: new RegExp(regexSource, 'i'), isInverted});
			} catch {
				error = `invalid regex /${regexSource}/: matched as text`;
				terms.push({type: 'text', value: regexSource.toLowerCase(), isInverted});
			}
			continue;
		}
		const field = /^([a-z][\w-]*):(.+)$/i.exec(body);
		if (field) terms.push({type: 'field', field: field[1]!.toLowerCase(), value: field[2]!.toLowerCase(), isInverted});
		else if (body.length > 0) terms.push({type: 'text', value: body.toLowerCase(), isInverted});
	}
	return {query, terms, error, matches: row => terms.every(term => termMatches(term, row) !== term.isInverted)};
}

function termMatches(term: FilterTerm, row: FilterRow): boolean {
	if (term.type === 'regex') return term.pattern.test(row.text);
	if (term.type === 'text') return row.text.toLowerCase().includes(term.value);
	if (!(term.field in row.fields)) return row.text.toLowerCase().includes(`${term.field}:${term.value}`);
	const value = row.fields[term.field];
	if (value === null || value === undefined) return false;
	const values = typeof value === 'string' ? [value] : value;
	const glob = globToRegex(term.value);
	return values.some(candidate => glob.test(candidate.toLowerCase()));
}

function globToRegex(value: string): RegExp {
	const escaped = value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${escaped}$`);
}
