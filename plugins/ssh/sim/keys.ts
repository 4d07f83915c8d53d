// ed25519 key pairs for the simulator, the tests and the demo lab that ssh2 can parse back:
// ssh2 1.17's generator strips leading zero bytes of the public key about 4 times in 1,000
// (upstream issues 1390 and 1513), and parseKey then rejects the pair.
import ssh2 from '../ssh2.js';

type Options = Parameters<typeof ssh2.utils.generateKeyPairSync>[1];

export function parsableKeyPair(options?: Options): {private: string; public: string} {
	const passphrase = (options as {passphrase?: string} | undefined)?.passphrase;
	for (let attempt = 1; ; attempt++) {
		const pair = options === undefined ? ssh2.utils.generateKeyPairSync('ed25519') : ssh2.utils.generateKeyPairSync('ed25519', options);
		if (!(ssh2.utils.parseKey(pair.private, passphrase) instanceof Error) && !(ssh2.utils.parseKey(pair.public) instanceof Error)) return pair;
		if (attempt >= 10) throw new Error('ssh2 generated no parsable ed25519 key in 10 tries');
	}
}
