// s3rver 5.0.0 decodes the x-amz-copy-source header with decodeURI, which leaves %2F encoded, so every
// CopyObject of a key with a slash fails. Run after npm install: the header is a URI component.
'use strict';
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, 'node_modules/@20minutes/s3rver/lib/controllers/object.js');
const source = fs.readFileSync(file, 'utf8');
const patched = source.replace(/decodeURI\(ctx\.headers\['x-amz-copy-source'\]\)/g,
  "decodeURIComponent(ctx.headers['x-amz-copy-source'])");
if (patched !== source) fs.writeFileSync(file, patched);
