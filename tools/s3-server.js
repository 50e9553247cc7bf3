// Starts s3rver, an S3-compatible server for the local run and the tests (its package ships no
// command-line entry). Usage: node s3-server.js --port 4569 --directory DIR [--address 127.0.0.1]
// (--address 0.0.0.0 in a container, where the other services reach it over the container network).
'use strict';
const S3rver = require('@20minutes/s3rver');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};

const server = new S3rver({
  address: option('address', '127.0.0.1'),
  port: Number(option('port', '4569')),
  directory: option('directory', './s3-data'),
  // The AWS SDK signs requests with streaming payload signatures that s3rver cannot verify.
  allowMismatchedSignatures: true,
  silent: true,
});

server.run().then(
  ({ address, port }) => console.log(`S3 server listening on http://${address}:${port}`),
  (error) => { console.error(error); process.exit(1); },
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close().then(() => process.exit(0)));
}
