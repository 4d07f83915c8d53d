import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['{src,views,plugins,protocols,app,test}/**/*.test.{ts,tsx}'],
		testTimeout: 20_000,
		hookTimeout: 20_000,
		pool: 'forks',
		reporters: ['default', 'json'],
		outputFile: {json: '.tmp/vitest-results.json'},
	},
});
