#!/usr/bin/env node
// A library entry point touching every field of the record.
import defaultThing, { named as alias, "string name" as fromString } from './dep.js';
import * as utils from './utils.js';
import config from './config.json' with { type: 'json' };
import './polyfill.js';
import again from './dep.js';

export { alias, utils, alias as renamed };
export { helper as publicHelper, counter };
export * from './all.js';
export * as everything from './all.js';
export { x as y, default as z } from './other.js' with { type: 'javascript' };

var counter = 0, { a: [first, , ...others] = [] } = config;
let state = { ready: false };
const VERSION = '1.0.0';

function helper(value) {
	var local = value;
	return local + counter;
}

export class Store extends (await import('./base.js')).Base {
	static #instances = 0;
	#items = [];
	add(item) { this.#items.push(item); Store.#instances++; }
	static count() { return Store.#instances; }
}

for (var i = 0; i < 3; i++) {
	var loopVar = i;
}

if (import.meta.url) {
	const { lazy } = await import(`./lazy.js`);
	lazy(import(specifierFrom(state)));
}

export default async function main() {
	await using resource = { async [Symbol.asyncDispose]() {} };
	return import('./main-only.js');
}
