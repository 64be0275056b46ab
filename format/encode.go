package format

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"unicode/utf8"
)

// Encode lays out rec and meta as sidecar bytes for src. The output depends
// only on its arguments (strings sorted, sections written in id order), so
// the same record and options give the same bytes.
//
// Encode refuses what a reader would reject, so that a sidecar it writes
// always decodes to rec: an index out of range, an unknown lexical kind, a
// string that is not WTF-8, a name on a namespace entry, code for a
// JavaScript source, or a record that breaks the rules of SPEC.md section 6
// (a repeated binding, export name or request, unsorted attribute keys).
func Encode(rec *Record, src []byte, meta Meta) ([]byte, error) {
	if len(meta.Producer) > maxProducerLen {
		return nil, fmt.Errorf("format.Encode: producer is %d bytes, at most %d fit", len(meta.Producer), maxProducerLen)
	}
	if !utf8.ValidString(meta.Producer) {
		return nil, fmt.Errorf("format.Encode: producer %q is not UTF-8", meta.Producer)
	}
	if !meta.TypeScript && len(meta.Code) > 0 {
		return nil, fmt.Errorf("format.Encode: code given for a JavaScript source (Meta.TypeScript is false)")
	}
	if !meta.TypeScript && meta.SourceMap != nil {
		return nil, fmt.Errorf("format.Encode: source map given for a JavaScript source (Meta.TypeScript is false)")
	}
	if meta.SourceMap != nil && !utf8.Valid(meta.SourceMap) {
		return nil, fmt.Errorf("format.Encode: source map is not UTF-8")
	}
	bytecode, err := bytecodeSections(meta.Bytecode)
	if err != nil {
		return nil, fmt.Errorf("format.Encode: %w", err)
	}
	// Two passes: the first collects the strings, which are then sorted
	// (the string table is in byte order, so that readers can check that
	// its strings are distinct), the second writes their final indices.
	var e encoder
	e.strIndex = make(map[string]uint32)
	if err := e.record(rec); err != nil {
		return nil, fmt.Errorf("format.Encode: %w", err)
	}
	slices.Sort(e.strs)
	for i, s := range e.strs {
		e.strIndex[s] = uint32(i)
	}
	e.rec = e.rec[:0]
	if err := e.record(rec); err != nil {
		return nil, fmt.Errorf("format.Encode: %w", err)
	}
	// The record's rules (distinct names and requests, sorted attribute
	// keys) are checked by the decoder's code, so that what Encode writes
	// and what Decode accepts cannot drift apart.
	if _, err := decodeRecord(e.rec, e.strs); err != nil {
		return nil, fmt.Errorf("format.Encode: record breaks a rule of the format: %v", err)
	}

	flags := KindESModule
	if rec.HasTopLevelAwait {
		flags |= FlagTLA
	}
	if rec.UsesImportMeta {
		flags |= FlagImportMeta
	}
	type section struct {
		id   uint32
		data []byte
	}
	sections := []section{{SectionStrings, e.stringTable()}, {SectionRecord, e.rec}}
	if meta.TypeScript {
		flags |= FlagTypeScript
		sections = append(sections, section{SectionCode, meta.Code})
	}
	for _, b := range bytecode {
		sections = append(sections, section{SectionBytecode, b})
	}
	if meta.SourceMap != nil {
		sections = append(sections, section{SectionSourceMap, meta.SourceMap})
	}

	headerLen := align8(uint64(fixedHeaderLen + sectionEntryLen*len(sections) + len(meta.Producer)))
	size := headerLen
	for i, s := range sections {
		if i > 0 {
			size = align8(size)
		}
		size += uint64(len(s.data))
	}
	if size > math.MaxUint32 {
		return nil, fmt.Errorf("format.Encode: sidecar would be %d bytes, offsets are 32-bit", size)
	}

	out := make([]byte, size)
	le := binary.LittleEndian
	le.PutUint32(out[0:], Magic)
	le.PutUint32(out[4:], Version)
	le.PutUint32(out[8:], uint32(headerLen))
	le.PutUint32(out[12:], flags)
	le.PutUint64(out[16:], uint64(len(src)))
	le.PutUint64(out[24:], HashSource(src))
	le.PutUint64(out[32:], meta.OptionsHash)
	out[40] = HashXXH64
	out[41] = uint8(len(meta.Producer))
	le.PutUint16(out[42:], uint16(len(sections)))
	pos := headerLen
	for i, s := range sections {
		if i > 0 {
			pos = align8(pos)
		}
		entry := out[fixedHeaderLen+sectionEntryLen*i:]
		le.PutUint32(entry[0:], s.id)
		le.PutUint32(entry[4:], uint32(pos))
		le.PutUint32(entry[8:], uint32(len(s.data)))
		le.PutUint32(entry[12:], crc32.Checksum(s.data, castagnoli))
		copy(out[pos:], s.data)
		pos += uint64(len(s.data))
	}
	copy(out[fixedHeaderLen+sectionEntryLen*len(sections):], meta.Producer)
	le.PutUint32(out[headerCRCOffset:], headerCRC(out[:headerLen]))
	return out, nil
}

// bytecodeSections lays out each bytecode entry as its section's bytes
// (SPEC.md section 7), in tag order so that the output does not depend on
// the order the caller listed the engines in.
func bytecodeSections(bcs []Bytecode) ([][]byte, error) {
	sorted := slices.Clone(bcs)
	slices.SortFunc(sorted, func(a, b Bytecode) int { return a.Tag.compare(b.Tag) })
	out := make([][]byte, len(sorted))
	for i, b := range sorted {
		t := b.Tag
		if t.Engine == "" || !validTagField(t.Engine) || !validTagField(t.Version) {
			return nil, fmt.Errorf("engine tag %q: each field must be printable ASCII of at most %d bytes, the engine name not empty", t.String(), maxTagField)
		}
		if i > 0 && sorted[i-1].Tag == t {
			return nil, fmt.Errorf("two bytecode sections for engine tag %q", t.String())
		}
		payloadOffset := align8(uint64(bytecodeTagLen + len(t.Engine) + len(t.Version)))
		sec := make([]byte, payloadOffset+uint64(len(b.Payload)))
		le := binary.LittleEndian
		le.PutUint16(sec[0:], uint16(len(t.Engine)))
		le.PutUint16(sec[2:], uint16(len(t.Version)))
		le.PutUint32(sec[4:], uint32(payloadOffset))
		n := copy(sec[bytecodeTagLen:], t.Engine)
		copy(sec[bytecodeTagLen+n:], t.Version)
		copy(sec[payloadOffset:], b.Payload)
		out[i] = sec
	}
	return out, nil
}

// headerCRC is the CRC-32C of the header with its own checksum field read as
// zero bytes.
func headerCRC(h []byte) uint32 {
	var zero [4]byte
	c := crc32.Update(0, castagnoli, h[:headerCRCOffset])
	c = crc32.Update(c, castagnoli, zero[:])
	return crc32.Update(c, castagnoli, h[headerCRCOffset+4:])
}

// encoder builds the record section and the string table it indexes.
type encoder struct {
	rec      []byte
	strs     []string
	strIndex map[string]uint32
}

func (e *encoder) uvarint(v uint64) {
	e.rec = binary.AppendUvarint(e.rec, v)
}

// intern returns the string table index of s, adding s at first use. In
// the second pass every string is known and has its sorted index.
func (e *encoder) intern(s string) (uint32, error) {
	i, ok := e.strIndex[s]
	if !ok {
		if !ValidWTF8(s) {
			return 0, fmt.Errorf("string %q is not WTF-8", s)
		}
		i = uint32(len(e.strs))
		e.strIndex[s] = i
		e.strs = append(e.strs, s)
	}
	return i, nil
}

// str writes the string table index of s.
func (e *encoder) str(s string) error {
	i, err := e.intern(s)
	e.uvarint(uint64(i))
	return err
}

// optStr writes 0 for an absent string (namespace-object, all, an unknown
// dynamic specifier) and index+1 otherwise.
func (e *encoder) optStr(s string, present bool) error {
	if !present {
		if s != "" {
			return fmt.Errorf("absent name has text %q", s)
		}
		e.uvarint(0)
		return nil
	}
	i, err := e.intern(s)
	e.uvarint(uint64(i) + 1)
	return err
}

func (e *encoder) request(i, n int) error {
	if i < 0 || i >= n {
		return fmt.Errorf("module request %d out of range (%d requests)", i, n)
	}
	e.uvarint(uint64(i))
	return nil
}

func (e *encoder) record(r *Record) error {
	nreq := len(r.RequestedModules)
	e.uvarint(uint64(nreq))
	for i, m := range r.RequestedModules {
		if err := e.str(m.Specifier); err != nil {
			return fmt.Errorf("requested module %d: %w", i, err)
		}
		e.uvarint(uint64(len(m.Attributes)))
		for _, a := range m.Attributes {
			if err := e.str(a.Key); err != nil {
				return fmt.Errorf("requested module %d: attribute: %w", i, err)
			}
			if err := e.str(a.Value); err != nil {
				return fmt.Errorf("requested module %d: attribute: %w", i, err)
			}
		}
	}

	e.uvarint(uint64(len(r.ImportEntries)))
	for i, x := range r.ImportEntries {
		err := e.request(x.ModuleRequest, nreq)
		if err == nil {
			err = e.optStr(x.ImportName, !x.Namespace)
		}
		if err == nil {
			err = e.str(x.LocalName)
		}
		if err != nil {
			return fmt.Errorf("import entry %d: %w", i, err)
		}
	}

	e.uvarint(uint64(len(r.LocalExportEntries)))
	for i, x := range r.LocalExportEntries {
		err := e.str(x.ExportName)
		if err == nil {
			err = e.str(x.LocalName)
		}
		if err != nil {
			return fmt.Errorf("local export entry %d: %w", i, err)
		}
	}

	e.uvarint(uint64(len(r.IndirectExportEntries)))
	for i, x := range r.IndirectExportEntries {
		err := e.str(x.ExportName)
		if err == nil {
			err = e.request(x.ModuleRequest, nreq)
		}
		if err == nil {
			err = e.optStr(x.ImportName, !x.Namespace)
		}
		if err != nil {
			return fmt.Errorf("indirect export entry %d: %w", i, err)
		}
	}

	e.uvarint(uint64(len(r.StarExportEntries)))
	for i, x := range r.StarExportEntries {
		if err := e.request(x.ModuleRequest, nreq); err != nil {
			return fmt.Errorf("star export entry %d: %w", i, err)
		}
	}

	e.uvarint(uint64(len(r.VarNames)))
	for i, n := range r.VarNames {
		if err := e.str(n); err != nil {
			return fmt.Errorf("var name %d: %w", i, err)
		}
	}

	e.uvarint(uint64(len(r.LexicalNames)))
	for i, n := range r.LexicalNames {
		if n.Kind >= numLexicalKinds {
			return fmt.Errorf("lexical name %d: invalid kind %d", i, n.Kind)
		}
		if err := e.str(n.Name); err != nil {
			return fmt.Errorf("lexical name %d: %w", i, err)
		}
		e.uvarint(uint64(n.Kind))
	}

	e.uvarint(uint64(len(r.DynamicImports)))
	for i, d := range r.DynamicImports {
		if err := e.optStr(d.Specifier, d.Known); err != nil {
			return fmt.Errorf("dynamic import %d: %w", i, err)
		}
	}
	return nil
}

// stringTable returns the string section: a count, then each string as a
// byte length and its bytes.
func (e *encoder) stringTable() []byte {
	n := binary.MaxVarintLen32
	for _, s := range e.strs {
		n += binary.MaxVarintLen32 + len(s)
	}
	b := make([]byte, 0, n)
	b = binary.AppendUvarint(b, uint64(len(e.strs)))
	for _, s := range e.strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}
