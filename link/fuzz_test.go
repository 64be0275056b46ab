package link_test

import (
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/link"
)

// FuzzLink builds a graph of up to four modules from the input, entries
// and request indexes included (out of range ones too: records come from
// sidecars anything could have written), and checks that Link and the
// Graph operations end without a panic.
func FuzzLink(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add([]byte{4, 0, 0, 4, 1, 1, 4, 2, 2, 4, 3, 3, 2, 0, 2, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		keys := []string{"a", "b", "c", "d"}
		names := []string{"x", "y", "default", ""}
		mods := make([]link.Module, 4)
		for i := range mods {
			mods[i] = link.Module{Key: keys[i], Record: &format.Record{}}
			for j := range 4 {
				mods[i].Record.RequestedModules = append(mods[i].Record.RequestedModules, format.ModuleRequest{Specifier: keys[j]})
				mods[i].Requests = append(mods[i].Requests, link.Request{Key: keys[j]})
			}
		}
		mods[3] = link.Module{Key: "d", ExportNames: link.JSONExports, Type: "json"}
		for i := 0; i+2 < len(data); i += 3 {
			m := &mods[int(data[i]>>4)%3]
			req := int(int8(data[i+1])) % 6 // -5…5: some out of range
			name := names[int(data[i+2])%len(names)]
			other := names[int(data[i+2]>>4)%len(names)]
			rec := m.Record
			switch data[i] % 6 {
			case 0:
				rec.ImportEntries = append(rec.ImportEntries, format.ImportEntry{ModuleRequest: req, ImportName: name, LocalName: other})
			case 1:
				rec.ImportEntries = append(rec.ImportEntries, format.ImportEntry{ModuleRequest: req, Namespace: true, LocalName: other})
			case 2:
				rec.LocalExportEntries = append(rec.LocalExportEntries, format.LocalExportEntry{ExportName: name, LocalName: other})
			case 3:
				rec.IndirectExportEntries = append(rec.IndirectExportEntries, format.IndirectExportEntry{ExportName: name, ModuleRequest: req, ImportName: other})
			case 4:
				rec.StarExportEntries = append(rec.StarExportEntries, format.StarExportEntry{ModuleRequest: req})
			case 5:
				if req >= 0 && req < len(m.Requests) {
					m.Requests[req] = link.Request{Unknown: "fuzz"}
				}
			}
		}
		g := link.NewGraph(mods)
		g.Link(link.Options{})
		for _, k := range keys {
			g.GetExportedNames(k)
			g.Namespace(k)
		}
	})
}
