// Our stdout carries result lines only. Anything else that writes to process.stdout (a stray console.log in a
// dependency, Nest's bootstrap messages) is sent to stderr instead; results go through printResultLine.
const writeToStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

export function printResultLine(line: string): void {
  writeToStdout(`${line}\n`);
}
