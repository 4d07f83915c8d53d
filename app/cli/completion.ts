// Shell completion for bash, zsh and fish. `labdeck completion [shell]` prints a script that calls
// `labdeck __complete --line "<the line up to the cursor>"`; that hidden command answers one
// candidate per line: commands, options, choices, and for `act` the entity ids and the action
// names of the last-known state (the state file; no device is polled while a person types).
import type {Entity} from '../../src/entities.js';
import {resolveEntity} from './resolve-entity.js';

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

/** What completion knows: the commands and their options, and the last-known lab. */
export type CompletionSource = {
	/** Command name → its options (long form, with dashes) and positional choices. */
	readonly commands: Readonly<Record<string, {readonly options: readonly string[]; readonly choices?: readonly string[]}>>;
	readonly globalOptions: readonly string[];
	/** Option → its values (`--scenario` → the drills). */
	readonly optionValues: Readonly<Record<string, readonly string[]>>;
	/** Entities of the last-known state (loaded only when needed). */
	entities(): Promise<readonly Entity[]>;
	/** Action ids offered for an entity (every known one when the entity is unknown). */
	actionsFor(entity: Entity | undefined): Promise<readonly string[]>;
};

/** The shell's name from $SHELL, bash when unknown. */
export function shellFrom(env: NodeJS.ProcessEnv): Shell {
	const name = (env.SHELL ?? '').split('/').pop() ?? '';
	return (shells as readonly string[]).includes(name) ? name as Shell : 'bash';
}

export function completionScript(shell: Shell, program = 'labdeck'): string {
	if (shell === 'zsh') {
		return `#compdef ${program}
# ${program} completion for zsh: eval "$(${program} completion zsh)" in ~/.zshrc
_${program}() {
  local -a candidates
  candidates=("\${(@f)$(command ${program} __complete --line "\${(j: :)words[1,CURRENT]}" 2>/dev/null)}")
  compadd -Q -- "\${candidates[@]}"
}
compdef _${program} ${program}
`;
	}
	if (shell === 'fish') {
		return `# ${program} completion for fish: ${program} completion fish > ~/.config/fish/completions/${program}.fish
function __${program}_complete
    command ${program} __complete --line (commandline -cp) 2>/dev/null
end
complete -c ${program} -f -a '(__${program}_complete)'
`;
	}
	return `# ${program} completion for bash: eval "$(${program} completion bash)" in ~/.bashrc
_${program}() {
  local line="\${COMP_LINE:0:COMP_POINT}" IFS=$'\\n'
  local -a found=($(command ${program} __complete --line "$line" 2>/dev/null))
  # bash splits words at ':' (COMP_WORDBREAKS): offer only what follows the last one typed.
  local current="\${line##*[[:space:]]}"
  if [[ "$current" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
    local strip="\${current%:*}:"
    found=("\${found[@]#"$strip"}")
  fi
  COMPREPLY=("\${found[@]}")
}
complete -o default -F _${program} ${program}
`;
}

/** Candidates for the word under the cursor, given the line up to the cursor. */
export async function complete(line: string, source: CompletionSource): Promise<string[]> {
	const words = line.split(/\s+/).filter(word => word !== '');
	// The first word is the program; the last is the word being typed ('' after a space).
	const args = words.slice(1);
	const current = /\s$/.test(line) || args.length === 0 ? '' : args.pop()!;
	const before = args;
	const match = (candidates: readonly string[]) => [...new Set(candidates)].filter(candidate => candidate.startsWith(current)).sort();
	const previous = before.at(-1);
	if (previous && source.optionValues[previous]) return match(source.optionValues[previous]!);
	const positionals = before.filter((word, index) => !word.startsWith('-') && !(index > 0 && takesValue(before[index - 1]!, source)));
	const command = positionals[0];
	const spec = command === undefined ? undefined : source.commands[command];
	if (current.startsWith('-')) return match([...source.globalOptions, ...(spec?.options ?? [])]);
	if (command === undefined) return match(Object.keys(source.commands));
	if (!spec) return [];
	if (command === 'act') {
		const entities = await source.entities();
		if (positionals.length === 1) {
			const last = current.split(',').slice(0, -1).join(',');
			const head = last === '' ? '' : `${last},`;
			const partial = current.slice(head.length);
			return entities.map(entity => entity.id).filter(id => id.startsWith(partial)).map(id => head + id).sort();
		}
		if (positionals.length === 2) {
			const token = positionals[1]!.split(',')[0]!;
			const resolved = resolveEntity(token, entities);
			return match(await source.actionsFor('entity' in resolved ? resolved.entity : undefined));
		}
		return [];
	}
	return positionals.length === 1 ? match(spec.choices ?? []) : [];
}

function takesValue(option: string, source: CompletionSource): boolean {
	return source.optionValues[option] !== undefined || ['--config', '-c', '--confirm', '--param', '-p', '--line'].includes(option);
}
