// The host's globals for bmes-run: console, timers, queueMicrotask,
// TextEncoder and TextDecoder. Evaluated as a script before any module;
// `__bmes_host` is the native side (print, now), which this script hides.
(function (host) {
  "use strict";
  const print = host.print, now = host.now;
  const { resolveRequire, readFile, evalScript } = host;
  delete globalThis.__bmes_host;

  // ------------------------------------------------------------ inspect
  // A port of the parts of Node's util.inspect (lib/internal/util/inspect.js,
  // Node 20) that console.log reaches for primitives, arrays, typed arrays,
  // plain and class objects, null-prototype objects, module namespaces,
  // functions and classes, errors, maps, sets, dates, regular expressions
  // and boxed primitives: the same quoting, the same line breaking
  // (breakLength 80, compact 3) and the same grouping of long arrays, so
  // that a program prints here what it prints on Node. Names follow Node's.
  const kBreak = 80, kCompact = 3, kMaxArrayLength = 100, kMinLineWidth = 16;
  const kObjectType = 0, kArrayType = 1, kArrayExtrasType = 2;
  const meta = [];
  for (let i = 0; i < 0x20; i++) meta[i] = "\\x" + i.toString(16).toUpperCase().padStart(2, "0");
  meta[8] = "\\b"; meta[9] = "\\t"; meta[10] = "\\n"; meta[12] = "\\f"; meta[13] = "\\r";
  meta[39] = "\\'"; meta[92] = "\\\\";
  for (let i = 0x7f; i <= 0x9f; i++) meta[i] = "\\x" + i.toString(16).toUpperCase();
  function strEscape(str) {
    let singleQuote = 39;
    if (str.includes("'")) {
      if (!str.includes('"')) singleQuote = -2;
      else if (!str.includes("`") && !str.includes("${")) singleQuote = -1;
    }
    let result = "", last = 0;
    for (let i = 0; i < str.length; i++) {
      const point = str.charCodeAt(i);
      if (point === singleQuote || point === 92 || point < 32 || (point > 126 && point < 160)) {
        result += str.slice(last, i) + meta[point];
        last = i + 1;
      } else if (point >= 0xd800 && point <= 0xdfff) {
        if (point <= 0xdbff && i + 1 < str.length) {
          const next = str.charCodeAt(i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
        }
        result += str.slice(last, i) + "\\u" + point.toString(16);
        last = i + 1;
      }
    }
    if (last !== str.length) result += str.slice(last);
    if (singleQuote === -1) return "`" + result + "`";
    if (singleQuote === -2) return '"' + result + '"';
    return "'" + result + "'";
  }
  const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
  const numberRegExp = /^(0|[1-9][0-9]*)$/;
  function formatNumber(n) { return Object.is(n, -0) ? "-0" : `${n}`; }
  function formatPrimitive(v, ctx) {
    switch (typeof v) {
      case "string":
        if (v.length > kMinLineWidth && v.length > kBreak - ctx.indentationLvl - 4) {
          return v.split(/(?<=\n)/).map(strEscape).join(` +\n${" ".repeat(ctx.indentationLvl + 2)}`);
        }
        return strEscape(v);
      case "number": return formatNumber(v);
      case "bigint": return `${v}n`;
      case "boolean": return `${v}`;
      case "undefined": return "undefined";
      case "symbol": return v.toString();
    }
    return "null";
  }
  const AsyncFunctionProto = Object.getPrototypeOf(async function () {});
  const GeneratorFunctionProto = Object.getPrototypeOf(function* () {});
  const AsyncGeneratorFunctionProto = Object.getPrototypeOf(async function* () {});
  function protoChainHas(v, p) {
    for (let o = Object.getPrototypeOf(v); o !== null; o = Object.getPrototypeOf(o)) if (o === p) return true;
    return false;
  }
  function getConstructorName(obj) {
    let o = obj;
    while (o !== null) {
      const d = Object.getOwnPropertyDescriptor(o, "constructor");
      if (d !== undefined && typeof d.value === "function" && d.value.name !== "" && (() => { try { return obj instanceof d.value; } catch { return false; } })()) {
        return String(d.value.name);
      }
      o = Object.getPrototypeOf(o);
    }
    return null;
  }
  function getPrefix(constructor, tag, fallback, size = "") {
    if (constructor === null) {
      if (tag !== "" && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== "" && constructor !== tag) return `${constructor}${size} [${tag}] `;
    return `${constructor}${size} `;
  }
  function getKeys(value, showHidden) {
    const symbols = Object.getOwnPropertySymbols(value);
    let keys;
    if (showHidden) {
      keys = Object.getOwnPropertyNames(value);
      if (symbols.length !== 0) keys.push(...symbols);
    } else {
      keys = Object.keys(value);
      if (symbols.length !== 0) keys.push(...symbols.filter((k) => Object.prototype.propertyIsEnumerable.call(value, k)));
    }
    return keys;
  }
  function getOwnNonIndexProperties(value, showHidden) {
    return getKeys(value, showHidden).filter((k) => typeof k === "symbol" || !numberRegExp.test(k) || Number(k) > 2 ** 32 - 2);
  }
  function isModuleNamespace(v) {
    if (Object.getPrototypeOf(v) !== null || Object.isExtensible(v)) return false;
    const d = Object.getOwnPropertyDescriptor(v, Symbol.toStringTag);
    return d !== undefined && d.value === "Module" && !d.writable && !d.enumerable && !d.configurable;
  }
  function getClassBase(value, constructor, tag) {
    const hasName = Object.prototype.hasOwnProperty.call(value, "name");
    const name = (hasName && value.name) || "(anonymous)";
    let base = `class ${name}`;
    if (constructor !== "Function" && constructor !== null) base += ` [${constructor}]`;
    if (tag !== "" && constructor !== tag) base += ` [${tag}]`;
    if (constructor !== null) {
      const superName = Object.getPrototypeOf(value).name;
      if (superName) base += ` extends ${superName}`;
    } else {
      base += " extends [null prototype]";
    }
    return `[${base}]`;
  }
  function getFunctionBase(value, constructor, tag) {
    const stringified = Function.prototype.toString.call(value);
    if (stringified.startsWith("class") && stringified.endsWith("}")) {
      const slice = stringified.slice(5, -1);
      const bracketIndex = slice.indexOf("{");
      if (bracketIndex !== -1 && !slice.slice(0, bracketIndex).includes("(")) return getClassBase(value, constructor, tag);
    }
    let type = "Function";
    if (protoChainHas(value, GeneratorFunctionProto) || protoChainHas(value, AsyncGeneratorFunctionProto)) type = `Generator${type}`;
    if (protoChainHas(value, AsyncFunctionProto) || protoChainHas(value, AsyncGeneratorFunctionProto)) type = `Async${type}`;
    let base = `[${type}`;
    if (constructor === null) base += " (null prototype)";
    base += value.name === "" ? " (anonymous)" : `: ${value.name}`;
    base += "]";
    if (constructor !== type && constructor !== null) base += ` ${constructor}`;
    if (tag !== "" && constructor !== tag) base += ` [${tag}]`;
    return base;
  }
  // QuickJS's stack holds the frames only, without Node's first line.
  function formatError(err, ctx) {
    const name = err.name != null ? String(err.name) : "Error";
    const message = err.message != null ? String(err.message) : "";
    const head = message ? `${name}: ${message}` : name;
    const stack = typeof err.stack === "string" ? err.stack.replace(/\n$/, "") : "";
    let s = stack ? head + "\n" + stack : `[${head}]`;
    if (ctx.indentationLvl !== 0) s = s.split("\n").join("\n" + " ".repeat(ctx.indentationLvl));
    return s;
  }
  function newCtx(opts) {
    return { seen: [], indentationLvl: 0, currentDepth: 0, depth: 2, showHidden: false, circular: undefined, ...opts };
  }
  function inspect(value, opts) { return formatValue(newCtx(opts), value, 0); }
  function formatValue(ctx, value, recurseTimes) {
    if (typeof value !== "object" && typeof value !== "function") return formatPrimitive(value, ctx);
    if (value === null) return "null";
    if (ctx.seen.includes(value)) {
      let index = 1;
      if (ctx.circular === undefined) {
        ctx.circular = new Map([[value, index]]);
      } else {
        index = ctx.circular.get(value);
        if (index === undefined) {
          index = ctx.circular.size + 1;
          ctx.circular.set(value, index);
        }
      }
      return `[Circular *${index}]`;
    }
    return formatRaw(ctx, value, recurseTimes);
  }
  function formatRaw(ctx, value, recurseTimes) {
    let keys;
    const constructor = getConstructorName(value);
    let tag = value[Symbol.toStringTag];
    if (typeof tag !== "string" || (tag !== "" && (ctx.showHidden ? Object.prototype.hasOwnProperty : Object.prototype.propertyIsEnumerable).call(value, tag))) tag = "";
    let base = "", formatter = () => [], braces, noIterator = true, extrasType = kObjectType;
    if (Symbol.iterator in value || constructor === null) {
      noIterator = false;
      if (Array.isArray(value)) {
        const prefix = constructor !== "Array" || tag !== "" ? getPrefix(constructor, tag, "Array", `(${value.length})`) : "";
        keys = getOwnNonIndexProperties(value, ctx.showHidden);
        braces = [`${prefix}[`, "]"];
        if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
        extrasType = kArrayExtrasType;
        formatter = formatArray;
      } else if (value instanceof Set) {
        const prefix = getPrefix(constructor, tag, "Set", `(${value.size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = (ctx, v, rt) => formatSet(value, ctx, rt);
        if (value.size === 0 && keys.length === 0) return `${prefix}{}`;
        braces = [`${prefix}{`, "}"];
      } else if (value instanceof Map) {
        const prefix = getPrefix(constructor, tag, "Map", `(${value.size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = (ctx, v, rt) => formatMap(value, ctx, rt);
        if (value.size === 0 && keys.length === 0) return `${prefix}{}`;
        braces = [`${prefix}{`, "}"];
      } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        keys = getOwnNonIndexProperties(value, ctx.showHidden);
        const prefix = getPrefix(constructor, tag, "", `(${value.length})`);
        braces = [`${prefix}[`, "]"];
        if (value.length === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
        formatter = formatTypedArray;
        extrasType = kArrayExtrasType;
      } else {
        noIterator = true;
      }
    }
    if (noIterator) {
      keys = getKeys(value, ctx.showHidden);
      braces = ["{", "}"];
      if (typeof value === "function") {
        base = getFunctionBase(value, constructor, tag);
        if (keys.length === 0) return base;
      } else if (constructor === "Object") {
        if (tag !== "") braces[0] = `${getPrefix(constructor, tag, "Object")}{`;
        if (keys.length === 0) return `${braces[0]}}`;
      } else if (value instanceof RegExp) {
        base = RegExp.prototype.toString.call(value);
        const prefix = getPrefix(constructor, tag, "RegExp");
        if (prefix !== "RegExp ") base = `${prefix}${base}`;
        if (keys.length === 0 || recurseTimes > ctx.depth) return base;
      } else if (value instanceof Date) {
        const t = Date.prototype.getTime.call(value);
        base = Number.isNaN(t) ? "Invalid Date" : Date.prototype.toISOString.call(value);
        const prefix = getPrefix(constructor, tag, "Date");
        if (prefix !== "Date ") base = `${prefix}${base}`;
        if (keys.length === 0) return base;
      } else if (value instanceof Error) {
        keys = keys.filter((k) => k !== "stack" && k !== "message" && k !== "name");
        base = formatError(value, ctx);
        if (keys.length === 0) return base;
      } else if (isModuleNamespace(value)) {
        braces[0] = `${getPrefix(constructor, tag, "Module")}{`;
        formatter = (ctx, v, rt) => formatNamespaceObject(keys, ctx, v, rt);
      } else if (value instanceof Promise) {
        braces[0] = `${getPrefix(constructor, tag, "Promise")}{`;
        formatter = () => ["<unknown>"];
      } else if (value instanceof Number || value instanceof String || value instanceof Boolean || (typeof BigInt === "function" && value instanceof BigInt) || value instanceof Symbol) {
        let type, prim;
        if (value instanceof Number) { type = "Number"; prim = formatNumber(Number.prototype.valueOf.call(value)); }
        else if (value instanceof String) { type = "String"; prim = strEscape(String.prototype.valueOf.call(value)); keys = keys.slice(String.prototype.valueOf.call(value).length); }
        else if (value instanceof Boolean) { type = "Boolean"; prim = `${Boolean.prototype.valueOf.call(value)}`; }
        else if (value instanceof Symbol) { type = "Symbol"; prim = Symbol.prototype.toString.call(value); }
        else { type = "BigInt"; prim = `${BigInt.prototype.valueOf.call(value)}n`; }
        base = `[${type}`;
        if (type !== constructor) base += constructor === null ? " (null prototype)" : ` (${constructor})`;
        base += `: ${prim}]`;
        if (tag !== "" && tag !== constructor) base += ` [${tag}]`;
        if (keys.length === 0) return base;
      } else {
        if (keys.length === 0) return `${getPrefix(constructor, tag, "Object")}{}`;
        braces[0] = `${getPrefix(constructor, tag, "Object")}{`;
      }
    }
    if (recurseTimes > ctx.depth) {
      let name = getPrefix(constructor, tag, "Object").slice(0, -1);
      if (constructor !== null) name = `[${name}]`;
      return name;
    }
    recurseTimes += 1;
    ctx.seen.push(value);
    ctx.currentDepth = recurseTimes;
    const output = formatter(ctx, value, recurseTimes);
    for (let i = 0; i < keys.length; i++) output.push(formatProperty(ctx, value, recurseTimes, keys[i], extrasType));
    if (ctx.circular !== undefined) {
      const index = ctx.circular.get(value);
      if (index !== undefined) {
        const reference = `<ref *${index}>`;
        base = base === "" ? reference : `${reference} ${base}`;
      }
    }
    ctx.seen.pop();
    return reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
  }
  function formatProperty(ctx, value, recurseTimes, key, type, desc) {
    let name, str;
    desc = desc || Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
    if (desc.value !== undefined) {
      ctx.indentationLvl += 2;
      str = formatValue(ctx, desc.value, recurseTimes);
      ctx.indentationLvl -= 2;
    } else if (desc.get !== undefined) {
      str = desc.set !== undefined ? "[Getter/Setter]" : "[Getter]";
    } else if (desc.set !== undefined) {
      str = "[Setter]";
    } else {
      str = "undefined";
    }
    if (type === kArrayType) return str;
    if (typeof key === "symbol") name = `[${key.toString()}]`;
    else if (key === "__proto__") name = "['__proto__']";
    else if (desc.enumerable === false) name = `[${key}]`;
    else if (keyStrRegExp.test(key)) name = key;
    else name = strEscape(key);
    return `${name}: ${str}`;
  }
  function formatArray(ctx, value, recurseTimes) {
    const valLen = value.length;
    const len = Math.min(kMaxArrayLength, valLen);
    const remaining = valLen - len;
    const output = [];
    for (let i = 0; i < len; i++) {
      if (!Object.prototype.hasOwnProperty.call(value, i)) return formatSpecialArray(ctx, value, recurseTimes, len, output, i);
      output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
    }
    if (remaining > 0) output.push(remainingText(remaining));
    return output;
  }
  function remainingText(n) { return `... ${n} more item${n > 1 ? "s" : ""}`; }
  function formatSpecialArray(ctx, value, recurseTimes, maxLength, output, i) {
    const keys = Object.keys(value);
    let index = i;
    for (; i < keys.length && output.length < maxLength; i++) {
      const key = keys[i];
      const tmp = +key;
      if (tmp > 2 ** 32 - 2) break;
      if (`${index}` !== key) {
        if (!numberRegExp.test(key)) break;
        const emptyItems = tmp - index;
        output.push(`<${emptyItems} empty item${emptyItems > 1 ? "s" : ""}>`);
        index = tmp;
        if (output.length === maxLength) break;
      }
      output.push(formatProperty(ctx, value, recurseTimes, key, kArrayType));
      index++;
    }
    const remaining = value.length - index;
    if (output.length !== maxLength) {
      if (remaining > 0) output.push(`<${remaining} empty item${remaining > 1 ? "s" : ""}>`);
    } else if (remaining > 0) {
      output.push(remainingText(remaining));
    }
    return output;
  }
  function formatTypedArray(ctx, value) {
    const length = value.length;
    const maxLength = Math.min(kMaxArrayLength, length);
    const remaining = length - maxLength;
    const output = [];
    for (let i = 0; i < maxLength; ++i) output.push(typeof value[i] === "number" ? formatNumber(value[i]) : `${value[i]}n`);
    if (remaining > 0) output.push(remainingText(remaining));
    return output;
  }
  function formatSet(value, ctx, recurseTimes) {
    const output = [];
    ctx.indentationLvl += 2;
    for (const v of value) output.push(formatValue(ctx, v, recurseTimes));
    ctx.indentationLvl -= 2;
    return output;
  }
  function formatMap(value, ctx, recurseTimes) {
    const output = [];
    ctx.indentationLvl += 2;
    for (const [k, v] of value) output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
    ctx.indentationLvl -= 2;
    return output;
  }
  function formatNamespaceObject(keys, ctx, value, recurseTimes) {
    const output = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      try {
        output[i] = formatProperty(ctx, value, recurseTimes, keys[i], kObjectType);
      } catch (err) {
        if (!(err instanceof ReferenceError)) throw err;
        const name = typeof keys[i] === "symbol" ? `[${keys[i].toString()}]` : keyStrRegExp.test(keys[i]) ? keys[i] : strEscape(keys[i]);
        output[i] = `${name}: <uninitialized>`;
      }
      keys[i] = undefined;
    }
    keys.length = 0;
    return output;
  }
  function groupArrayElements(ctx, output, value) {
    let totalLength = 0, maxLength = 0, i = 0;
    let outputLength = output.length;
    if (kMaxArrayLength < output.length) outputLength--; // the "... n more items" entry
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + ctx.indentationLvl < kBreak && (totalLength / actualMax > 5 || maxLength <= 6)) {
      const approxCharHeights = 2.5, averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
        Math.floor((kBreak - ctx.indentationLvl) / actualMax),
        kCompact * 4,
        15);
      if (columns <= 1) return output;
      const tmp = [], maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
        maxLineLength.push(lineLength + separatorSpace);
      }
      let order = "padStart";
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== "number" && typeof value[i] !== "bigint") { order = "padEnd"; break; }
        }
      }
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = "", j = i;
        for (; j < max - 1; j++) str += `${output[j]}, `[order](maxLineLength[j - i], " ");
        if (order === "padStart") str += output[j].padStart(maxLineLength[j - i] - separatorSpace, " ");
        else str += output[j];
        tmp.push(str);
      }
      if (kMaxArrayLength < output.length) tmp.push(output[outputLength]);
      output = tmp;
    }
    return output;
  }
  function isBelowBreakLength(output, start, base) {
    let totalLength = output.length + start;
    if (totalLength + output.length > kBreak) return false;
    for (let i = 0; i < output.length; i++) {
      totalLength += output[i].length;
      if (totalLength > kBreak) return false;
    }
    return base === "" || !base.includes("\n");
  }
  function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
    const entries = output.length;
    if (extrasType === kArrayExtrasType && entries > 6) output = groupArrayElements(ctx, output, value);
    if (ctx.currentDepth - recurseTimes < kCompact && entries === output.length) {
      const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
      if (isBelowBreakLength(output, start, base)) {
        const joined = output.join(", ");
        if (!joined.includes("\n")) return `${base ? `${base} ` : ""}${braces[0]} ${joined} ${braces[1]}`;
      }
    }
    const indentation = `\n${" ".repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ""}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }
  // hasBuiltInToString, as %s uses it: an object whose toString is its
  // own or comes from a user class is printed with String().
  function hasBuiltInToString(value) {
    let o = value;
    while (o !== null && o !== undefined) {
      const d = Object.getOwnPropertyDescriptor(o, "toString");
      if (d !== undefined) {
        return o === Object.prototype || o === Array.prototype || o === Error.prototype || o === Date.prototype ||
          o === RegExp.prototype || o === Function.prototype || o === Number.prototype || o === String.prototype ||
          o === Boolean.prototype || o === Symbol.prototype || (typeof BigInt === "function" && o === BigInt.prototype);
      }
      o = Object.getPrototypeOf(o);
    }
    return true;
  }
  function tryStringify(v) {
    try { return JSON.stringify(v); } catch (err) {
      if (err instanceof TypeError && /circular/i.test(err.message)) return "[Circular]";
      throw err;
    }
  }
  function formatArgs(args) {
    const first = args[0];
    let a = 0, str = "", join = "";
    if (typeof first === "string") {
      if (args.length === 1) return first;
      let tempStr, lastPos = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) !== 37) continue; // '%'
        const nextChar = first.charCodeAt(++i);
        if (a + 1 !== args.length) {
          switch (nextChar) {
            case 115: { // 's'
              const arg = args[++a];
              if (typeof arg === "number") tempStr = formatNumber(arg);
              else if (typeof arg === "bigint") tempStr = `${arg}n`;
              else if (typeof arg !== "object" || arg === null || !hasBuiltInToString(arg)) tempStr = String(arg);
              else tempStr = inspect(arg, { depth: 0 });
              break;
            }
            case 106: tempStr = tryStringify(args[++a]); break; // 'j'
            case 100: { // 'd'
              const n = args[++a];
              tempStr = typeof n === "bigint" ? `${n}n` : typeof n === "symbol" ? "NaN" : formatNumber(Number(n));
              break;
            }
            case 79: tempStr = inspect(args[++a]); break; // 'O'
            case 111: tempStr = inspect(args[++a], { showHidden: true, depth: 4 }); break; // 'o'
            case 105: { // 'i'
              const n = args[++a];
              tempStr = typeof n === "bigint" ? `${n}n` : typeof n === "symbol" ? "NaN" : formatNumber(Number.parseInt(n));
              break;
            }
            case 102: { // 'f'
              const n = args[++a];
              tempStr = typeof n === "symbol" ? "NaN" : formatNumber(Number.parseFloat(n));
              break;
            }
            case 99: a += 1; tempStr = ""; break; // 'c'
            case 37: str += first.slice(lastPos, i); lastPos = i + 1; continue; // '%'
            default: continue;
          }
          if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
          str += tempStr;
          lastPos = i + 1;
        } else if (nextChar === 37) {
          str += first.slice(lastPos, i);
          lastPos = i + 1;
        }
      }
      if (lastPos !== 0) {
        a++;
        join = " ";
        if (lastPos < first.length) str += first.slice(lastPos);
      }
    }
    while (a < args.length) {
      const value = args[a];
      str += join;
      str += typeof value !== "string" ? inspect(value) : value;
      join = " ";
      a++;
    }
    return str;
  }

  const groupIndent = { s: "" };
  function logger(fd) {
    return function (...args) {
      let s = formatArgs(args);
      if (groupIndent.s) s = groupIndent.s + s.split("\n").join("\n" + groupIndent.s);
      print(fd, s + "\n");
    };
  }
  const counts = new Map(), timersByLabel = new Map();
  const console = {
    log: logger(1), info: logger(1), debug: logger(1),
    error: logger(2), warn: logger(2), trace: logger(2),
    dir: (v) => print(1, inspect(v) + "\n"),
    group: (...a) => { if (a.length) console.log(...a); groupIndent.s += "  "; },
    groupEnd: () => { groupIndent.s = groupIndent.s.slice(2); },
    count: (label = "default") => { const n = (counts.get(label) || 0) + 1; counts.set(label, n); console.log(`${label}: ${n}`); },
    countReset: (label = "default") => counts.delete(label),
    // As Node: the message joins the first argument, which may hold % specifiers.
    assert: (cond, ...a) => { if (!cond) { a[0] = `Assertion failed${a.length === 0 ? "" : `: ${a[0]}`}`; console.warn(...a); } },
    time: (label = "default") => timersByLabel.set(label, now()),
    timeEnd: (label = "default") => { const t = timersByLabel.get(label); timersByLabel.delete(label); if (t !== undefined) console.log(`${label}: ${(now() - t).toFixed(3)}ms`); },
  };
  console.groupCollapsed = console.group;
  console.timeLog = (label = "default") => { const t = timersByLabel.get(label); if (t !== undefined) console.log(`${label}: ${(now() - t).toFixed(3)}ms`); };

  // ------------------------------------------------------------ timers
  // One ordered list; the Go event loop asks for the next deadline and
  // runs the due timer once the microtask queue is empty.
  let timers = [], nextId = 1, seq = 0;
  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function. Received ' + (fn === null ? "null" : typeof fn));
    ms = Number(ms);
    if (!(ms >= 1 && ms <= 2147483647)) ms = 1;
    const t = { id: nextId++, when: now() + ms, ms, fn, args, repeat, seq: seq++ };
    timers.push(t);
    return new Timeout(t.id);
  }
  class Timeout {
    constructor(id) { this._id = id; }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
    [Symbol.toPrimitive]() { return this._id; }
  }
  function clear(t) {
    const id = t instanceof Timeout ? t._id : Number(t);
    timers = timers.filter((x) => x.id !== id);
  }
  host.nextTimer = function () {
    if (timers.length === 0) return -1;
    let best = timers[0];
    for (const t of timers) if (t.when < best.when || (t.when === best.when && t.seq < best.seq)) best = t;
    return Math.max(0, best.when - now());
  };
  host.runTimer = function () {
    let best = null;
    for (const t of timers) if (best === null || t.when < best.when || (t.when === best.when && t.seq < best.seq)) best = t;
    if (best === null) return;
    if (best.repeat) { best.when = now() + best.ms; best.seq = seq++; }
    else timers = timers.filter((x) => x !== best);
    best.fn(...best.args);
  };

  // ------------------------------------------------------------ text
  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(s = "") {
      s = String(s);
      const out = [];
      for (let i = 0; i < s.length; i++) {
        let c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
          else c = 0xfffd;
        } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return new Uint8Array(out);
    }
    encodeInto(s, dst) {
      const b = this.encode(s);
      const n = Math.min(b.length, dst.length);
      dst.set(b.subarray(0, n));
      return { read: String(s).length, written: n };
    }
  }
  class TextDecoder {
    constructor(label = "utf-8", options = {}) {
      label = String(label).trim().toLowerCase();
      if (label !== "utf-8" && label !== "utf8" && label !== "unicode-1-1-utf-8") throw new RangeError(`The "${label}" encoding is not supported`);
      this.fatal = Boolean(options.fatal);
      this.ignoreBOM = Boolean(options.ignoreBOM);
    }
    get encoding() { return "utf-8"; }
    decode(input) {
      if (input === undefined) return "";
      const b = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      let s = "", i = 0;
      if (!this.ignoreBOM && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
      const bad = () => { if (this.fatal) throw new TypeError("The encoded data was not valid for encoding utf-8"); s += "\ufffd"; };
      while (i < b.length) {
        const c = b[i];
        if (c < 0x80) { s += String.fromCharCode(c); i++; continue; }
        let n, cp, lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) { n = 1; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { n = 2; cp = c & 0xf; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
        else if (c >= 0xf0 && c <= 0xf4) { n = 3; cp = c & 0x7; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
        else { bad(); i++; continue; }
        let j = 1;
        for (; j <= n; j++) {
          const d = b[i + j];
          if (d === undefined || d < lo || d > hi) break;
          lo = 0x80; hi = 0xbf;
          cp = (cp << 6) | (d & 0x3f);
        }
        if (j <= n) { bad(); i += j; continue; }
        s += String.fromCodePoint(cp);
        i += n + 1;
      }
      return s;
    }
  }

  // ------------------------------------------------------------ CommonJS
  // Enough CommonJS for an ES module to import a CommonJS file (its
  // module.exports is the default export) and for that file to require()
  // others: Node's wrapper, module cache and JSON files, no builtins.
  const cjsCache = new Map();
  function makeRequire(from) {
    const require = (spec) => {
      if (typeof spec !== "string") throw new TypeError('The "id" argument must be of type string');
      const path = resolveRequire(spec, from);
      return loadCJS(path);
    };
    require.resolve = (spec) => resolveRequire(String(spec), from);
    require.cache = Object.create(null);
    return require;
  }
  function loadCJS(path) {
    const cached = cjsCache.get(path);
    if (cached) return cached.exports;
    const text = readFile(path);
    const module = { id: path, filename: path, exports: {}, loaded: false, children: [], paths: [] };
    cjsCache.set(path, module);
    if (path.endsWith(".json")) {
      module.exports = JSON.parse(text);
    } else {
      const dirname = path.slice(0, Math.max(path.lastIndexOf("/"), 0)) || "/";
      const body = text.startsWith("#!") ? "//" + text : text;
      const fn = evalScript("(function (exports, require, module, __filename, __dirname) {" + body + "\n})", path);
      module.require = makeRequire(path);
      fn.call(module.exports, module.exports, module.require, module, path, dirname);
    }
    module.loaded = true;
    return module.exports;
  }
  host.loadCJS = loadCJS;

  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  define("console", console);
  define("setTimeout", (fn, ms, ...args) => addTimer(fn, ms, args, false));
  define("setInterval", (fn, ms, ...args) => addTimer(fn, ms, args, true));
  define("setImmediate", (fn, ...args) => addTimer(fn, 0, args, false));
  define("clearTimeout", clear);
  define("clearInterval", clear);
  define("clearImmediate", clear);
  define("queueMicrotask", (fn) => {
    if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function');
    Promise.resolve().then(() => fn());
  });
  // A process object with what packages read at load time without
  // checking for Node first (process.env.NODE_ENV, above all): the
  // environment, the platform, the working directory and nextTick. No
  // versions.node, so that code that looks for Node does not find it.
  const env = JSON.parse(host.env);
  const cwd = host.cwd, platform = host.platform;
  define("process", {
    env,
    argv: [],
    platform,
    cwd: () => cwd,
    nextTick: (fn, ...args) => {
      if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function');
      Promise.resolve().then(() => fn(...args));
    },
  });
  define("TextEncoder", TextEncoder);
  define("TextDecoder", TextDecoder);
  const start = now();
  define("performance", { now: () => now() - start, timeOrigin: start });
  host.inspect = (v) => inspect(v);
  return host;
})(globalThis.__bmes_host);
