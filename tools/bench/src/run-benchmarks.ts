// `npm run bench [-- <scenario>…]`: runs the named scenarios (default: all registered, in order) one after another
// and prints one JSON line per scenario on stdout; progress goes to stderr. Benchmarks report, they do not assert:
// the exit code is non-zero only when a scenario crashed (its line is then {"scenario", "error"}).
import { printResultLine } from './result-output';
import { dropOpenDatabases } from './database';
import { formatError, formatResult, growthSummary, type ScenarioFigures } from './figures';
import { progress } from './log';
import { collectGarbage } from './measure';
import { SCENARIOS, findScenario } from './scenarios';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--list') || argv.includes('--help')) {
    const lines = SCENARIOS.map((s) => `  ${s.name.padEnd(24)} ${s.large ? '[--large] ' : ''}${s.description}`);
    process.stderr.write(`usage: npm run bench [-- --large] [-- <scenario>…]\n\n${lines.join('\n')}\n`);
    return 0;
  }
  // --large adds the 1,000,000-row scenarios to the default set; a scenario named on the command line always runs.
  const large = argv.includes('--large');
  const named = argv.filter((arg) => !arg.startsWith('--'));
  const names = named.length > 0 ? named : SCENARIOS.filter((scenario) => large || !scenario.large).map((scenario) => scenario.name);
  const results: Array<{ scenario: string; figures: ScenarioFigures }> = [];
  let crashed = 0;
  for (const name of names) {
    const scenario = findScenario(name);
    if (!scenario) {
      crashed++;
      printResultLine(formatError(name, new Error(`no scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`)));
      continue;
    }
    // Start each scenario from a collected heap, so one scenario's garbage does not count in the next one's peak.
    collectGarbage();
    progress(name, 'running');
    const started = performance.now();
    try {
      const figures = await scenario.run();
      results.push({ scenario: name, figures });
      printResultLine(formatResult(name, figures));
      progress(name, `done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      crashed++;
      progress(name, `crashed: ${(error as Error).stack ?? error}`);
      printResultLine(formatError(name, error));
      await dropOpenDatabases();
    }
  }
  const summary = growthSummary(results);
  if (summary) progress('growth', summary);
  return crashed > 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress('bench', `${signal}: dropping the throwaway databases`);
    void dropOpenDatabases().finally(() => process.exit(130));
  });
}

main(process.argv.slice(2)).then(
  // Exit explicitly: a scenario's leftovers (pools, timers of the app) must not keep the run alive.
  (code) => process.exit(code),
  (error: Error) => {
    progress('bench', `harness failure: ${error.stack ?? error}`);
    void dropOpenDatabases().finally(() => process.exit(1));
  },
);
