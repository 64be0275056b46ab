package resolve

import "strings"

// nodeBuiltins are the modules Node provides by bare name, without the
// "node:" prefix (module.builtinModules of Node 20–24, less the internal
// "_" ones). Node resolves them before any node_modules lookup, so such an
// import names no file and is not an unresolved package.
var nodeBuiltins = map[string]bool{}

func init() {
	for _, m := range strings.Fields(`assert assert/strict async_hooks buffer child_process cluster console
		constants crypto dgram diagnostics_channel dns dns/promises domain events fs fs/promises http
		http2 https inspector inspector/promises module net os path path/posix path/win32 perf_hooks
		process punycode querystring readline readline/promises repl stream stream/consumers
		stream/promises stream/web string_decoder sys timers timers/promises tls trace_events tty url
		util util/types v8 vm wasi worker_threads zlib`) {
		nodeBuiltins[m] = true
	}
}

// IsNodeBuiltin reports whether spec names a Node.js builtin module:
// "node:" followed by anything, or a builtin's bare name ("fs",
// "fs/promises").
func IsNodeBuiltin(spec string) bool {
	return strings.HasPrefix(spec, "node:") || nodeBuiltins[spec]
}
