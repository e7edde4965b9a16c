// The JavaScript peers on one log: parse the CSV and aggregate per client (purchase
// occasions = distinct client × day, revenue, first and last date), as Boomerang's import
// does. Prints JSON: seconds for each (the fastest of RUNS), and their client counts.
//
// On a log in CDNOW's layout (runs of spaces between columns, YYYYMMDD days) PapaParse and
// uDSV are left out: they split on one delimiter, and a run of spaces would be empty fields.
// DuckDB reads its lines and splits them by a regular expression.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import Papa from 'papaparse';
import { inferSchema, initParser } from 'udsv';

const require = createRequire(import.meta.url);
const file = process.argv[2];
const RUNS = Number(process.env.RUNS ?? 2);

/** Per-client aggregation over rows of [client, date, amount] strings. */
function aggregate(rows, start = 1) {
  const clients = new Map();
  for (let i = start; i < rows.length; i++) {
    const [id, date, amount] = rows[i];
    let c = clients.get(id);
    if (!c) {
      c = { days: new Set(), revenue: 0, first: date, last: date };
      clients.set(id, c);
    }
    c.days.add(date);
    c.revenue += Number(amount);
    if (date < c.first) c.first = date;
    if (date > c.last) c.last = date;
  }
  let occasions = 0;
  for (const c of clients.values()) occasions += c.days.size;
  return { clients: clients.size, occasions };
}

function best(fn) {
  let seconds = Infinity;
  let out;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    out = fn();
    seconds = Math.min(seconds, (performance.now() - t) / 1000);
  }
  return { seconds, ...out };
}

const result = {};
// The text as the browser would have it (decoding counted in each peer's time).
const bytes = readFileSync(file);
const cdnow = !new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(10))).includes(',');
if (!cdnow) {
  result.papaparse = best(() => {
    const text = new TextDecoder().decode(bytes);
    const { data } = Papa.parse(text, { skipEmptyLines: true });
    return aggregate(data);
  });
  result.udsv = best(() => {
    const text = new TextDecoder().decode(bytes);
    const schema = inferSchema(text.slice(0, 10_000));
    // Strings for every column: the aggregation reads them as the others do.
    for (const col of schema.cols) col.type = 's';
    const parser = initParser(schema);
    return aggregate(parser.stringArrs(text), 0);
  });
}

// DuckDB-wasm, Node's blocking build: cold = instantiate + load + query; warm = the query again.
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs').replace(/[^/]+$/, '');
const bundles = {
  mvp: { mainModule: dist + 'duckdb-mvp.wasm', mainWorker: dist + 'duckdb-node-mvp.worker.cjs' },
  eh: { mainModule: dist + 'duckdb-eh.wasm', mainWorker: dist + 'duckdb-node-eh.worker.cjs' },
};
const rows = cdnow
  ? `(SELECT p.client, strptime(p.day, '%Y%m%d')::DATE AS date, p.amount::DOUBLE AS amount
      FROM (SELECT regexp_extract(line, '^\\s*(\\S+)\\s+(\\d{8})\\s+\\S+\\s+(\\S+)', ['client', 'day', 'amount']) AS p
        FROM read_csv('log.csv', header = true, delim = '\x1f', quote = '', columns = {'line': 'VARCHAR'})))`
  : `read_csv('log.csv', header = true, columns = {'client': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})`;
const sql = `SELECT count(*) AS clients, sum(days) AS occasions FROM (
  SELECT client, count(DISTINCT date) AS days, sum(amount), min(date), max(date)
  FROM ${rows}
  GROUP BY client)`;
let t = performance.now();
const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
await db.instantiate();
const conn = db.connect();
db.registerFileBuffer('log.csv', new Uint8Array(bytes));
let row = conn.query(sql).toArray()[0];
result.duckdb_cold = { seconds: (performance.now() - t) / 1000, clients: Number(row.clients), occasions: Number(row.occasions) };
result.duckdb_warm = best(() => {
  const r = conn.query(sql).toArray()[0];
  return { clients: Number(r.clients), occasions: Number(r.occasions) };
});
conn.close();
console.log(JSON.stringify(result));
