// Preloaded by bench/mcp-ready.mjs (node --import): writes to stderr the CPU time (user + system,
// ms) the process used until its first write to stdout: start-up cost, less sensitive than wall time
// to other processes on the machine.
const write = process.stdout.write.bind(process.stdout);
let done = false;
process.stdout.write = (...args) => {
  if (!done) {
    done = true;
    const c = process.cpuUsage();
    process.stderr.write(`cpu-ms ${((c.user + c.system) / 1000).toFixed(2)}\n`);
  }
  return write(...args);
};
