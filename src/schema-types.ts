// Small TypeBox helpers for plugin config schemas, so that fields are spelled the same way across
// plugins (ARCHITECTURE.md › Config conventions) and ajv's messages stay readable.
import {Type, type SchemaOptions} from '@sinclair/typebox';

/** A string from a fixed list, as JSON Schema `enum` (ajv says "must be one of …"). */
export function StringEnum<const Values extends readonly string[]>(values: Values, options: SchemaOptions = {}) {
	return Type.Unsafe<Values[number]>({type: 'string', enum: [...values], ...options});
}

/** A TCP/UDP port. */
export function Port(description: string) {
	return Type.Integer({minimum: 1, maximum: 65_535, description});
}

/** SHA-256 of a certificate, hex, colons optional. */
export const fingerprintPattern = '^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$';

/**
 * The TLS pair every plugin that speaks TLS spells the same way: `fingerprint` pins the peer's
 * self-signed certificate, `insecure` skips verification. `peer` names the certificate ("BMC certificate").
 */
export function tlsPinFields(peer: string) {
	return {
		fingerprint: Type.Optional(Type.String({pattern: fingerprintPattern, description: `SHA-256 of the ${peer}: pins a self-signed certificate`})),
		insecure: Type.Optional(Type.Boolean({description: 'Skip TLS verification (shown as a warning)'})),
	};
}
