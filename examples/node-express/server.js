'use strict';

const express = require('express');

const app = express();
const port = process.env.PORT || 3000;

app.get('/', (req, res) => {
  res.type('text/plain').send('hello from node-express\n');
});

const server = app.listen(port, () => {
  console.log(`node-express listening on port ${port}`);
});

// docker stop sends SIGTERM to PID 1: close the server and exit.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
