package format_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/format/formattest"
)

// node returns the path of node, or skips the test when there is none.
func node(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: the JavaScript reader (format/js) is not tested; install Node 20+ to test it")
	}
	return path
}

// TestJSReader runs the JavaScript reader's tests (format/js/bmes.test.mjs)
// against the test vectors, so that go test covers both readers.
func TestJSReader(t *testing.T) {
	out, err := exec.Command(node(t), "--test", "js/").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test format/js/: %v\n%s", err, out)
	}
}

// TestJSReaderAgrees gives both readers the same damaged sidecars, whose
// checksums are recomputed so that the damage reaches the string table and
// record decoders, and requires the same verdict from both: the same error
// class, or the same record.
func TestJSReaderAgrees(t *testing.T) {
	nodePath := node(t)
	type jsCase struct {
		Sidecar string `json:"sidecar"`
		Source  string `json:"source"`
		Name    string `json:"name"`
	}
	var cases []jsCase
	var want []string
	add := func(name string, b, src []byte) {
		cases = append(cases, jsCase{hex.EncodeToString(b), hex.EncodeToString(src), name})
		sc, err := format.Validate(b, src, format.Expect{})
		if err == nil {
			want = append(want, "ok "+string(sc.Record.AppendJSON(nil, name)))
			return
		}
		class := "untyped"
		for _, c := range []struct {
			err  error
			name string
		}{
			{format.ErrNotSidecar, "NotSidecarError"},
			{format.ErrUnsupportedVersion, "UnsupportedVersionError"},
			{format.ErrCorrupt, "CorruptError"},
			{format.ErrStale, "StaleError"},
			{format.ErrOptionsMismatch, "OptionsMismatchError"},
		} {
			if errors.Is(err, c.err) {
				class = c.name
			}
		}
		want = append(want, "err "+class)
	}
	for _, v := range vectors {
		b := v.encode(t)
		src := []byte(v.src)
		add(v.name, b, src)
		for i := range b {
			for _, mask := range []byte{0x01, 0x80} {
				m := bytes.Clone(b)
				m[i] ^= mask
				add(v.name, formattest.Refix(m), src)
			}
		}
		for n := range len(b) {
			add(v.name, formattest.Refix(bytes.Clone(b[:n])), src)
		}
	}
	file := filepath.Join(t.TempDir(), "cases.json")
	data, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(nodePath, "js/differential.mjs", file).Output()
	if err != nil {
		t.Fatalf("node js/differential.mjs: %v", err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("node gave %d verdicts for %d cases", len(got), len(want))
	}
	decoded := 0
	for i := range want {
		if strings.HasPrefix(want[i], "ok ") {
			decoded++
		}
		if got[i] != want[i] {
			t.Errorf("case %d (%s): Go says %s\nJavaScript says %s", i, cases[i].Name, want[i], got[i])
		}
	}
	t.Logf("%d damaged sidecars compared, %d of which still decode", len(cases), decoded)
}
