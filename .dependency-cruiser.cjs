// The layers, checked by test/layers.test.ts (dependency-cruiser 17):
//   src/      core: model, store, poller, alerts, actions, topology, config, kind modules
//   views/    Ink panes over src/
//   protocols/ protocol code shared by plugins (SNMP, JSON over HTTP), over src/ only
//   plugins/  protocol I/O and parsing, over src/ and protocols/
//   app/      composition root: CLI commands, console boot (may import everything)
//   bin/      the launcher, the only caller of process.exit
// Type-only imports count (tsPreCompilationDeps), so a type cycle is a cycle. Tests and test
// fixtures are outside the picture: they may reach across layers to build what they check.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{name: 'core-imports-outer-layer', severity: 'error', comment: 'src/ is the core: it imports nothing from views/, plugins/ or app/', from: {path: '^src/'}, to: {path: '^(views|plugins|app)/'}},
		{name: 'core-imports-ui', severity: 'error', comment: 'src/ imports no React and no Ink', from: {path: '^src/'}, to: {path: 'node_modules/(react|ink|ink-[^/]+|react-reconciler)/'}},
		{name: 'core-or-views-import-protocols', severity: 'error', comment: 'protocols/ serve plugins: src/ and views/ never import them', from: {path: '^(src|views)/'}, to: {path: '^protocols/'}},
		{name: 'protocols-import-outer-layer', severity: 'error', comment: 'protocols/ import src/ only', from: {path: '^protocols/'}, to: {path: '^(views|plugins|app)/'}},
		{name: 'views-import-plugins-or-app', severity: 'error', comment: 'views/ read the store through src/ only', from: {path: '^views/'}, to: {path: '^(plugins|app)/'}},
		{name: 'plugins-import-views-or-app', severity: 'error', comment: 'plugins/ import src/ (and protocols/) only', from: {path: '^plugins/'}, to: {path: '^(views|app)/'}},
		{name: 'no-circular', severity: 'error', comment: 'no import cycles, type-only imports included', from: {}, to: {circular: true}},
	],
	options: {
		doNotFollow: {path: 'node_modules'},
		exclude: {path: '(^|/)(node_modules|dist|\\.tmp)/|\\.test\\.tsx?$|(^|/)test-fixtures/|^test/'},
		tsPreCompilationDeps: true,
		tsConfig: {fileName: 'tsconfig.json'},
		enhancedResolveOptions: {extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs']},
		moduleSystems: ['es6'],
	},
};
