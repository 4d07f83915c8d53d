// Loading Ink without the global fetch (the console, and the bench's Ink floor, which must load it the same way).
/**
 * yoga-layout's Emscripten loader (Ink's layout engine) fetches its inline wasm, a data: URI,
 * through the global fetch when there is one, which loads Node's bundled undici and web streams
 * (≈ 20 ms of the first frame); without fetch it decodes the same bytes directly. Nothing else
 * uses the global fetch (plugins use the undici package), and it is restored once Ink is loaded.
 */
export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await load();
	} finally {
		if (descriptor) Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
