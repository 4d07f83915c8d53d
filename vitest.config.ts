import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['{src,app,views,plugins,protocols,test,schema}/**/*.test.{ts,tsx}'],
		testTimeout: 20_000,
		hookTimeout: 20_000,
		pool: 'forks',
		reporters: ['default', 'json'],
		outputFile: {json: '.tmp/vitest-results.json'},
	},
});
