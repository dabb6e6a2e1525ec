// Progress goes to stderr (stdout carries only the table or the JSON document), stamped with the time
// since the bench started so slow steps stand out.
export interface Progress {
  step(line: string): void;
  /** Child-process chatter; shown only with --verbose. */
  detail(line: string): void;
}

export function createProgress(opts: { verbose: boolean; write?: (s: string) => void }): Progress {
  const started = performance.now();
  const write = opts.write ?? ((s: string) => process.stderr.write(s));
  const stamp = () => `[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s]`;
  return {
    step: (line) => write(`${stamp()} ${line}\n`),
    detail: (line) => {
      if (opts.verbose) write(`${stamp()}     ${line}\n`);
    },
  };
}
