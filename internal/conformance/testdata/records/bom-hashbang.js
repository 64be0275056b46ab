#!/usr/bin/env node
// A byte order mark and a hashbang line.
export const x = 1;
