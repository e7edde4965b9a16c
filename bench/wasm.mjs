// The core alone in Node's V8, without the browser: the import, the rule's figures and the
// models as the compute worker runs them (bench/wasm/lib.rs), on one file, several runs in one
// instance. Node's V8 is not the browser's (Node 20 carries V8 11.3, Chromium a newer one,
// whose wasm compiler may weigh a change differently): a change found here is to be confirmed
// in the browser (bench/browser.mjs), run in turns. The first run is cold (V8 compiles the
// module's functions fast first and optimises the hot ones as they run, which the worker's
// warm-up on the demo does before a file comes); the rest are warm. Their spread is a few
// percent where the browser's is tens, so a change to the core's speed in wasm shows here
// first. The module is not run through wasm-opt as the worker's is (-Oz; -O3 there measured
// no different in the browser).
//
//   node bench/wasm.mjs MODULE.wasm FILE [RUNS] [--profile] [--demo-first]
//
// Prints JSON: each step's milliseconds cold, and the fastest and the median of the warm runs;
// the module's memory at the end. With --profile, the warm runs' time by function (self time,
// the 25 largest), from V8's sampling profiler. With --demo-first the demo runs first, as in
// the worker once the Data tab opens: the first run ("cold") is then the first file after that
// warm-up, what a user's first file meets.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** The legacy Rust mangling's named escapes (see `demangle`). */
const ESCAPES = { RF: '&', BP: '*', SP: '@', LP: '(', RP: ')', LT: '<', GT: '>', C: ',' };

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const [modulePath, file, runsArg, ...extra] = args.filter((a) => !a.startsWith('--'));
const unknown = flags.filter((f) => f !== '--profile' && f !== '--demo-first');
const runs = Number(runsArg ?? 6);
if (!modulePath || !file || extra.length || unknown.length || !(Number.isInteger(runs) && runs >= 2)) {
  console.error('usage: node bench/wasm.mjs MODULE.wasm FILE [RUNS, 2 or more] [--profile] [--demo-first]');
  process.exit(2);
}
const profile = flags.includes('--profile');
const demoFirst = flags.includes('--demo-first');
const bytes = readFileSync(file);
let memory;
let said;
const module = await WebAssembly.compile(readFileSync(modulePath));
const imports = {
  env: {
    now: () => performance.now(),
    say: (at, len) => {
      said = JSON.parse(new TextDecoder().decode(new Uint8Array(memory.buffer, at, len)));
    },
  },
};
// What the crates declare for wasm-bindgen and the core never calls on this path (the zip
// crate's getrandom, for writing): each a function that says so if it is called.
for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
  if (kind === 'function' && !imports[from]?.[name]) {
    imports[from] ??= {};
    imports[from][name] = () => {
      throw new Error(`${from}.${name} is not given to the bench`);
    };
  }
}
const instance = await WebAssembly.instantiate(module, imports);
memory = instance.exports.memory;

function run() {
  const at = instance.exports.room(bytes.length);
  new Uint8Array(memory.buffer, at, bytes.length).set(bytes);
  instance.exports.run(at, bytes.length);
  if (said.error) throw new Error(said.error);
  return said;
}

let demo;
if (demoFirst) {
  const started = performance.now();
  const rows = instance.exports.warm_up_on_demo();
  demo = { rows, ms: +(performance.now() - started).toFixed(1) };
}
const cold = run();
let session;
if (profile) {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
}
const warm = [];
for (let i = 1; i < runs; i++) warm.push(run());
const steps = ['import_ms', 'rules_ms', 'models_ms'];
const summary = {
  file,
  bytes: bytes.length,
  clients: cold.clients,
  demo_first: demo ?? false,
  warm_runs: warm.length,
};
for (const step of steps) {
  const times = warm.map((r) => r[step]).sort((a, b) => a - b);
  summary[step] = { cold: cold[step], fastest: times[0], median: times[Math.floor(times.length / 2)] };
}
summary.memory_mb = +(memory.buffer.byteLength / 1e6).toFixed(1);
if (profile) {
  const { profile: p } = await session.post('Profiler.stop');
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // A sample's time is the interval after it: the delta the next sample carries (as DevTools
  // counts it).
  p.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    const name = frame.functionName || `(${frame.url.split('/').pop() || 'program'})`;
    self.set(name, (self.get(name) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  summary.profile = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([name, us]) => {
      const ms = (us / 1000 / warm.length).toFixed(1).padStart(7);
      const share = ((100 * us) / total).toFixed(1).padStart(5);
      return `${ms} ms a run ${share}%  ${demangle(name)}`;
    });
}
console.log(JSON.stringify(summary, null, 1));

/**
 * A Rust symbol in the legacy mangling (the core's and its crates'), as a path without its
 * hash: `boomerang_core::input::table::put_cell`. Names in the v0 mangling (`_R…`: the
 * standard library's, the allocator's) and any other are printed as they are.
 */
function demangle(name) {
  const legacy = name.match(/^_ZN(.*)17h[0-9a-f]{16}E$/);
  if (!legacy) return name;
  const parts = [];
  let rest = legacy[1];
  while (rest.length) {
    const m = rest.match(/^(\d+)/);
    if (!m) break;
    const len = Number(m[1]);
    // An identifier that starts with an escape is written with a `_` before it.
    parts.push(rest.slice(m[1].length, m[1].length + len).replace(/^_\$/, '$'));
    rest = rest.slice(m[1].length + len);
  }
  // The escapes of the legacy mangling: `$LT$` for `<`, `$u7b$` for `{` (any character by
  // its code), `..` for `::`.
  return parts
    .join('::')
    .replace(/\$(RF|BP|SP|LP|RP|LT|GT|C|u[0-9a-f]+)\$/g, (_, code) =>
      code.startsWith('u') ? String.fromCharCode(parseInt(code.slice(1), 16)) : ESCAPES[code],
    )
    .replace(/\.\./g, '::');
}
