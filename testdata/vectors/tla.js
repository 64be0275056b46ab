const m = await import("./m.js");
await using res = m;
for await (const x of []) {}
