// A local S3-compatible server for the S3 document store's tests: node serve.js <port> <folder> <bucket>.
// It prints "ready" once it listens; its credentials are s3rver's own (S3RVER / S3RVER).
const S3rver = require('s3rver');

const [port, directory, bucket] = process.argv.slice(2);
new S3rver({ port: Number(port), address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket }] })
  .run()
  .then(() => console.log('ready'), error => { console.error(error); process.exit(1); });
