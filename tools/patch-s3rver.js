// Fixes two bugs of s3rver 5.0.0 that break copies. Run after npm install (package.json's postinstall).
// - It decodes the x-amz-copy-source header with decodeURI, which leaves %2F encoded, so every
//   CopyObject of a key with a slash fails: the header is a URI component.
// - A copy that replaces the metadata (x-amz-metadata-directive: REPLACE) onto an existing key keeps
//   that key's old MD5 file, so the copy's ETag is the overwritten object's and every read of it fails
//   the SDK's MD5 check: the stale file is removed, and the ETag is computed again from the content.
'use strict';
const fs = require('fs');
const path = require('path');

function patch(relativePath, from, to) {
  const file = path.join(__dirname, 'node_modules/@20minutes/s3rver/lib', relativePath);
  const source = fs.readFileSync(file, 'utf8');
  const patched = source.replace(from, to);
  if (patched !== source) fs.writeFileSync(file, patched);
}

patch('controllers/object.js', /decodeURI\(ctx\.headers\['x-amz-copy-source'\]\)/g,
  "decodeURIComponent(ctx.headers['x-amz-copy-source'])");
patch('stores/filesystem.js',
  /if \(replacementMetadata\) \{\n(\s*)await this\.putMetadata\(destBucket, destKey, replacementMetadata\)/,
  "if (replacementMetadata) {\n$1await fs.unlink(this.getResourcePath(destBucket, destKey, 'object.md5')).catch(() => {})\n$1await this.putMetadata(destBucket, destKey, replacementMetadata)");
