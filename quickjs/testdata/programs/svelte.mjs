// svelte 5's compiler: a component with runes, snippets, events and
// scoped CSS compiled for the client and the server, and a parse tree.
import { compile, parse, VERSION } from "svelte/compiler";

const source = `<script>
  let { name = "world", items = [] } = $props();
  let count = $state(0);
  const doubled = $derived(count * 2);
  $effect(() => { console.log(count); });
  function inc() { count += 1; }
</script>

{#snippet row(item, i)}
  <li class:odd={i % 2}>{i}: {item.label}</li>
{/snippet}

<h1>Hello {name}!</h1>
<button onclick={inc} disabled={count > 9}>clicked {count} {count === 1 ? "time" : "times"}</button>
<p>{doubled}</p>
{#if items.length}
  <ul>{#each items as item, i (item.id)}{@render row(item, i)}{/each}</ul>
{:else}
  <p>nothing</p>
{/if}

<style>
  h1 { color: rebeccapurple; }
  .odd { font-weight: bold; }
  p:hover { text-decoration: underline; }
</style>`;

console.log(typeof VERSION);
const client = compile(source, { filename: "App.svelte", generate: "client", dev: false });
console.log(client.js.code);
console.log(client.css.code);
console.log(JSON.stringify(client.warnings.map((w) => w.code)));
const server = compile(source, { filename: "App.svelte", generate: "server" });
console.log(server.js.code);
const ast = parse(source, { modern: true });
console.log(ast.type, ast.fragment.nodes.map((n) => n.type).join(","), ast.css.children.length);
try {
  compile("<div>{#if}</div>", { filename: "Bad.svelte" });
} catch (e) {
  console.log(e.code, e.message.split("\n")[0]);
}
const legacy = compile(`<script>export let x = 1; $: y = x * 2;</script><p on:click={() => x++}>{y}</p>`, { filename: "Legacy.svelte" });
console.log(legacy.js.code.length > 0, JSON.stringify(legacy.warnings.map((w) => w.code)));
