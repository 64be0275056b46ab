#!/usr/bin/env node
// record.mjs prints acorn's view of the module record of each file it is
// given, as the JSON dump that /work/shared/module-record.md fixes (the same
// one `bmes-inspect --json` prints), one line per file. internal/conformance
// compares these lines with bmes's own, so every field is computed here from
// acorn's AST alone, independently of the Go parser.
//
// Usage:
//
//	node record.mjs FILE...
//	node record.mjs < files.json     # a JSON array of paths, one process for thousands of files
//
// The "source" field is each path exactly as given. A file acorn cannot
// parse gets {"source": …, "error": …}, as bmes-inspect prints it.

import { readFileSync } from "node:fs";
import * as acorn from "acorn";

// fields is the contract's field order; main checks every record against it
// so that a change here cannot silently reorder the output.
const fields = [
  "source",
  "requestedModules",
  "importEntries",
  "localExportEntries",
  "indirectExportEntries",
  "starExportEntries",
  "varNames",
  "lexicalNames",
  "hasTopLevelAwait",
  "dynamicImports",
  "usesImportMeta",
];

const parseOptions = {
  ecmaVersion: "latest",
  sourceType: "module",
  allowHashBang: true,
};

// The WHATWG UTF-8 decoder, as runtimes read module sources: a leading BOM is
// dropped (ignoreBOM: false) and invalid sequences become U+FFFD.
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });

// name returns the string value of a ModuleExportName or attribute key:
// an Identifier (cooked by acorn) or a string Literal.
function name(node) {
  return node.type === "Identifier" ? node.name : node.value;
}

// byCodeUnits orders strings by UTF-16 code units, as
// WithClauseToAttributes sorts attributes. JavaScript's relational operators
// on strings compare exactly that way (localeCompare would not).
function byCodeUnits(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// boundNames appends the BoundNames of a binding pattern to out, left to
// right.
function boundNames(pattern, out) {
  switch (pattern.type) {
    case "Identifier":
      out.push(pattern.name);
      break;
    case "ObjectPattern":
      for (const p of pattern.properties) {
        boundNames(p.type === "RestElement" ? p.argument : p.value, out);
      }
      break;
    case "ArrayPattern":
      for (const e of pattern.elements) {
        if (e !== null) boundNames(e, out);
      }
      break;
    case "RestElement":
      boundNames(pattern.argument, out);
      break;
    case "AssignmentPattern":
      boundNames(pattern.left, out);
      break;
    default:
      throw new Error(`unexpected binding pattern ${pattern.type}`);
  }
  return out;
}

// children returns the AST nodes directly below node, in source order.
// acorn's property order is not always source order (a ForOfStatement's
// "await" flag, for one), so they are sorted by start offset.
function children(node) {
  const out = [];
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) {
      for (const e of v) if (e && typeof e.type === "string") out.push(e);
    } else if (v && typeof v === "object" && typeof v.type === "string") {
      out.push(v);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const isFunction = (n) =>
  n.type === "FunctionDeclaration" ||
  n.type === "FunctionExpression" ||
  n.type === "ArrowFunctionExpression";

// containsAwait is the spec's Contains for await at module level: it does
// not look into functions, arrows or methods (their bodies and parameters),
// class field initializers or static blocks, but does look into class
// heritage and computed keys of classes and object literals.
function containsAwait(node) {
  switch (node.type) {
    case "AwaitExpression":
      return true;
    case "ForOfStatement":
      if (node.await) return true;
      break;
    case "VariableDeclaration":
      if (node.kind === "await using") return true;
      break;
    case "StaticBlock":
      return false;
    case "PropertyDefinition":
    case "MethodDefinition":
    case "Property":
      // The key counts only when computed; the value is a method (a
      // function), a field initializer (its own function boundary) or, for
      // an object literal's plain property, an expression that does count.
      if (node.computed && containsAwait(node.key)) return true;
      if (node.type === "Property" && node.value && containsAwait(node.value)) return true;
      return false;
  }
  if (isFunction(node)) return false;
  return children(node).some(containsAwait);
}

// varDeclaredNames appends the VarDeclaredNames of a statement to out: var
// declarations in every nested statement, but not inside functions or
// classes (a static block is its own var scope, and classes hold no other
// statements).
function varDeclaredNames(stmt, out) {
  if (!stmt) return;
  switch (stmt.type) {
    case "VariableDeclaration":
      if (stmt.kind === "var") {
        for (const d of stmt.declarations) boundNames(d.id, out);
      }
      break;
    case "ExportNamedDeclaration":
      varDeclaredNames(stmt.declaration, out);
      break;
    case "BlockStatement":
      for (const s of stmt.body) varDeclaredNames(s, out);
      break;
    case "IfStatement":
      varDeclaredNames(stmt.consequent, out);
      varDeclaredNames(stmt.alternate, out);
      break;
    case "ForStatement":
      varDeclaredNames(stmt.init, out);
      varDeclaredNames(stmt.body, out);
      break;
    case "ForInStatement":
    case "ForOfStatement":
      varDeclaredNames(stmt.left, out);
      varDeclaredNames(stmt.body, out);
      break;
    case "WhileStatement":
    case "DoWhileStatement":
    case "LabeledStatement":
    case "WithStatement":
      varDeclaredNames(stmt.body, out);
      break;
    case "TryStatement":
      varDeclaredNames(stmt.block, out);
      if (stmt.handler) varDeclaredNames(stmt.handler.body, out);
      varDeclaredNames(stmt.finalizer, out);
      break;
    case "SwitchStatement":
      for (const c of stmt.cases) {
        for (const s of c.consequent) varDeclaredNames(s, out);
      }
      break;
  }
  return out;
}

// lexicalDeclarations appends the top-level lexically scoped declarations
// of a module item to out as {name, kind}.
function lexicalDeclarations(item, out) {
  let decl = item;
  if (item.type === "ExportNamedDeclaration") {
    decl = item.declaration;
    if (!decl) return;
  } else if (item.type === "ExportDefaultDeclaration") {
    decl = item.declaration;
    if (decl.type === "FunctionDeclaration" || decl.type === "ClassDeclaration") {
      const kind = decl.type === "FunctionDeclaration" ? "function" : "class";
      out.push({ name: decl.id ? decl.id.name : "*default*", kind });
    } else {
      out.push({ name: "*default*", kind: "default" });
    }
    return;
  }
  switch (decl.type) {
    case "VariableDeclaration":
      if (decl.kind !== "var") {
        for (const d of decl.declarations) {
          for (const n of boundNames(d.id, [])) out.push({ name: n, kind: decl.kind });
        }
      }
      break;
    case "FunctionDeclaration":
      out.push({ name: decl.id.name, kind: "function" });
      break;
    case "ClassDeclaration":
      out.push({ name: decl.id.name, kind: "class" });
      break;
  }
}

// walkAll calls visit on every node of the tree, functions included.
function walkAll(node, visit) {
  visit(node);
  for (const c of children(node)) walkAll(c, visit);
}

// record computes the module record of a parsed Program per ParseModule.
function record(program) {
  const requestedModules = [];
  const requestKeys = new Map(); // specifier and sorted attributes → index

  // request returns the index of the ModuleRequest of an import or export
  // declaration with a `from` clause, adding it on first occurrence.
  function request(decl) {
    const attributes = (decl.attributes ?? [])
      .map((a) => ({ key: name(a.key), value: a.value.value }))
      .sort((a, b) => byCodeUnits(a.key, b.key));
    const specifier = decl.source.value;
    const key = JSON.stringify([specifier, attributes.map((a) => [a.key, a.value])]);
    let i = requestKeys.get(key);
    if (i === undefined) {
      i = requestedModules.length;
      requestKeys.set(key, i);
      requestedModules.push({ specifier, attributes });
    }
    return i;
  }

  const importEntries = [];
  const exportEntries = []; // ExportEntry records, before ParseModule step 10
  const varNames = [];
  const lexicalNames = [];

  for (const item of program.body) {
    switch (item.type) {
      case "ImportDeclaration": {
        const mr = request(item);
        for (const s of item.specifiers) {
          let importName = null;
          if (s.type === "ImportSpecifier") importName = name(s.imported);
          else if (s.type === "ImportDefaultSpecifier") importName = "default";
          importEntries.push({ moduleRequest: mr, importName, localName: s.local.name });
        }
        break;
      }
      case "ExportAllDeclaration": {
        const mr = request(item);
        exportEntries.push({
          exportName: item.exported ? name(item.exported) : null,
          moduleRequest: mr,
          importName: item.exported ? "all" : "all-but-default",
          localName: null,
        });
        break;
      }
      case "ExportNamedDeclaration":
        if (item.source) {
          const mr = request(item);
          for (const s of item.specifiers) {
            exportEntries.push({
              exportName: name(s.exported),
              moduleRequest: mr,
              importName: name(s.local),
              localName: null,
            });
          }
        } else if (item.declaration) {
          const names = [];
          const d = item.declaration;
          if (d.type === "VariableDeclaration") {
            for (const v of d.declarations) boundNames(v.id, names);
          } else {
            names.push(d.id.name);
          }
          for (const n of names) {
            exportEntries.push({ exportName: n, moduleRequest: null, importName: null, localName: n });
          }
        } else {
          for (const s of item.specifiers) {
            exportEntries.push({
              exportName: name(s.exported),
              moduleRequest: null,
              importName: null,
              localName: name(s.local),
            });
          }
        }
        break;
      case "ExportDefaultDeclaration": {
        const d = item.declaration;
        const named = (d.type === "FunctionDeclaration" || d.type === "ClassDeclaration") && d.id;
        exportEntries.push({
          exportName: "default",
          moduleRequest: null,
          importName: null,
          localName: named ? d.id.name : "*default*",
        });
        break;
      }
    }
    varDeclaredNames(item, varNames);
    lexicalDeclarations(item, lexicalNames);
  }

  // ParseModule step 10: split the export entries, following an export of
  // an imported binding back to its import.
  const localExportEntries = [];
  const indirectExportEntries = [];
  const starExportEntries = [];
  for (const ee of exportEntries) {
    if (ee.moduleRequest === null) {
      const ie = importEntries.find((e) => e.localName === ee.localName);
      if (!ie || ie.importName === null) {
        localExportEntries.push({ exportName: ee.exportName, localName: ee.localName });
      } else {
        indirectExportEntries.push({
          exportName: ee.exportName,
          moduleRequest: ie.moduleRequest,
          importName: ie.importName,
        });
      }
    } else if (ee.importName === "all-but-default") {
      starExportEntries.push({ moduleRequest: ee.moduleRequest });
    } else {
      indirectExportEntries.push({
        exportName: ee.exportName,
        moduleRequest: ee.moduleRequest,
        importName: ee.importName === "all" ? null : ee.importName,
      });
    }
  }

  const imports = [];
  let usesImportMeta = false;
  walkAll(program, (n) => {
    if (n.type === "ImportExpression") {
      imports.push(n);
    } else if (n.type === "MetaProperty" && n.meta.name === "import" && n.property.name === "meta") {
      usesImportMeta = true;
    }
  });
  imports.sort((a, b) => a.start - b.start);
  const dynamicImports = imports.map(({ source: s }) => {
    if (s.type === "Literal" && typeof s.value === "string") return { specifier: s.value };
    if (s.type === "TemplateLiteral" && s.expressions.length === 0) {
      return { specifier: s.quasis[0].value.cooked };
    }
    return { specifier: null };
  });

  return {
    requestedModules,
    importEntries,
    localExportEntries,
    indirectExportEntries,
    starExportEntries,
    varNames: [...new Set(varNames)],
    lexicalNames,
    hasTopLevelAwait: program.body.some(containsAwait),
    dynamicImports,
    usesImportMeta,
  };
}

// line returns the JSON line for one file.
function line(path) {
  let src;
  try {
    src = decoder.decode(readFileSync(path));
  } catch (err) {
    return JSON.stringify({ source: path, error: `reading: ${err.message}` });
  }
  let program;
  try {
    program = acorn.parse(src, parseOptions);
  } catch (err) {
    return JSON.stringify({ source: path, error: err.message });
  }
  const out = { source: path, ...record(program) };
  const keys = Object.keys(out).join();
  if (keys !== fields.join()) {
    throw new Error(`record.mjs bug: fields ${keys}, want ${fields.join()}`);
  }
  return JSON.stringify(out);
}

function main() {
  let paths = process.argv.slice(2);
  if (paths.length === 0) {
    paths = JSON.parse(readFileSync(0, "utf8"));
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === "string")) {
      throw new Error("stdin must hold a JSON array of path strings");
    }
  }
  // One write per chunk rather than per line: thousands of small writes to
  // a pipe cost more than building the text.
  const chunk = [];
  for (const p of paths) {
    chunk.push(line(p));
    if (chunk.length === 256) {
      process.stdout.write(chunk.join("\n") + "\n");
      chunk.length = 0;
    }
  }
  if (chunk.length > 0) process.stdout.write(chunk.join("\n") + "\n");
}

main();
