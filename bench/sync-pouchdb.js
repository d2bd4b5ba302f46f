// SPDX-License-Identifier: GPL-3.0-or-later
//
// sync-pouchdb.js: the PouchDB side of bench/sync-scale.  The same members
// a fresh Chapterhouse device downloaded, one document each, replicated by
// PouchDB from express-pouchdb over loopback (both in memory, no disk),
// the server in a process of its own as chapterhouse-server is.
//
//   node sync-pouchdb.js serve NODE_MODULES MEMBERS.json
//       loads the members into an in-memory database "members", listens on
//       127.0.0.1 (a free port) and prints "listening PORT"
//   node sync-pouchdb.js replicate NODE_MODULES URL
//       replicates URL into an in-memory database (batch_size 1000) and
//       prints key=value lines: pouchdb_docs, pouchdb_s, pouchdb_docs_per_s
//
// Needs pouchdb-core, pouchdb-adapter-memory, pouchdb-adapter-http,
// pouchdb-replication and express-pouchdb (with express) in NODE_MODULES
// (bench/sync-scale installs them into bench/out/).

'use strict';

const fs = require('fs');
const path = require('path');

const [mode, modules, arg] = process.argv.slice(2);
const need = (name) => require(path.resolve(modules, name));

const PouchDB = need('pouchdb-core')
  .plugin(need('pouchdb-adapter-memory'))
  .plugin(need('pouchdb-adapter-http'))
  .plugin(need('pouchdb-replication'));

async function serve (file) {
  const MemoryDB = PouchDB.defaults({ adapter: 'memory' });
  const members = JSON.parse(fs.readFileSync(file, 'utf8'));
  // express-pouchdb's own Express app (its Express 4: the Express 5 that
  // npm installs beside it breaks its routes), served as it is.
  const app = need('express-pouchdb')(MemoryDB, { mode: 'minimumForPouchDB', inMemoryConfig: true });
  const server = require('http').createServer(app);

  server.listen(0, '127.0.0.1', async () => {
    const port = server.address().port;
    // Loaded through the server (not timed), so that it knows the database.
    const db = new PouchDB(`http://127.0.0.1:${port}/members`);

    try {
      for (let i = 0; i < members.length; i += 5000) {
        const docs = members.slice(i, i + 5000).map((m) => Object.assign({ _id: m.id }, m));
        await db.bulkDocs(docs);
      }
    } catch (error) {
      process.stderr.write(`sync-pouchdb: ${error.stack || error}\n`);
      process.exit(1);
    }
    process.stdout.write(`listening ${port}\n`);
  });
}

async function replicate (url) {
  const local = new PouchDB('fresh', { adapter: 'memory' });
  const start = process.hrtime.bigint();
  const info = await PouchDB.replicate(url, local, { batch_size: 1000, batches_limit: 10 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;

  process.stdout.write(`pouchdb_docs=${info.docs_written}\n`);
  process.stdout.write(`pouchdb_s=${seconds.toFixed(2)}\n`);
  process.stdout.write(`pouchdb_docs_per_s=${(info.docs_written / seconds).toFixed(0)}\n`);
}

(mode === 'serve' ? serve(arg) : replicate(arg)).catch((error) => {
  process.stderr.write(`sync-pouchdb: ${error.stack || error}\n`);
  process.exit(1);
});
