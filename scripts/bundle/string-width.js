// Bundled in place of string-width (see scripts/build.mjs). Printable ASCII, nearly all of what
// labdeck draws, is measured by its length, as string-width 8 does in its own fast path; anything
// else goes to string-width 7.2, which is installed for wrap-ansi and, unlike 8, builds no
// Unicode-property regexes when it loads (≈ 40 ms of the console's first frame).
import stringWidth72 from '../../node_modules/wrap-ansi/node_modules/string-width/index.js';

const printableAscii = /^[\u0020-\u007E]*$/;

export default function stringWidth(string, options) {
	if (typeof string === 'string' && printableAscii.test(string)) return string.length;
	return stringWidth72(string, options);
}
