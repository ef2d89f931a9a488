'use strict';

const http = require('node:http');

const port = process.env.PORT || 3000;

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('hello from node-no-deps\n');
});

server.listen(port, () => {
  console.log(`node-no-deps listening on port ${port}`);
});

// docker stop sends SIGTERM to PID 1: close the server and exit.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
