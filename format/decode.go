package format

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"slices"
	"unicode/utf8"
)

// Decode parses a sidecar without checking it against a source. It never
// panics and never allocates more than a small multiple of len(b): every
// count and length is checked against the bytes that remain before anything
// is allocated for it. The result shares no memory with b.
//
// The checks follow SPEC.md's validation order: magic (ErrNotSidecar),
// version (ErrUnsupportedVersion), header checksum, flags and hash
// algorithm, section layout and checksums, then the sections' contents
// (ErrCorrupt for anything malformed).
func Decode(b []byte) (*Sidecar, error) {
	var d decoder
	if err := d.layout(b); err != nil {
		return nil, err
	}
	rec, err := decodeRecordSections(d.strings, d.record, &d.h)
	if err != nil {
		return nil, err
	}
	var code []byte
	if d.code != nil {
		code = append([]byte{}, d.code...)
	}
	var bcs []Bytecode
	for _, data := range d.bytecode {
		b, err := decodeBytecode(data)
		if err != nil {
			return nil, err
		}
		for _, o := range bcs {
			if o.Tag == b.Tag {
				return nil, fmt.Errorf("%w: two bytecode sections for engine tag %q", ErrCorrupt, b.Tag.String())
			}
		}
		bcs = append(bcs, b)
	}
	var sourceMap []byte
	if d.sourceMap != nil {
		sourceMap = append([]byte{}, d.sourceMap...)
	}
	return &Sidecar{Header: d.h, Record: rec, Code: code, SourceMap: sourceMap, Bytecode: bcs, Sections: d.sections}, nil
}

// decodeRecordSections decodes the string table and record sections into
// the record, with the header's flags for what the record section does not
// hold.
func decodeRecordSections(table, record []byte, h *Header) (*Record, error) {
	strs, err := decodeStrings(table)
	if err != nil {
		return nil, err
	}
	rec, err := decodeRecord(record, strs)
	if err != nil {
		return nil, err
	}
	rec.HasTopLevelAwait = h.Flags&FlagTLA != 0
	rec.UsesImportMeta = h.Flags&FlagImportMeta != 0
	return rec, nil
}

// decodeBytecode reads one bytecode section (SPEC.md section 7). Its bytes
// passed their checksum, so a malformed tag means a broken writer: Corrupt.
// The payload is copied, as everything Decode returns.
func decodeBytecode(b []byte) (Bytecode, error) {
	bc, err := decodeBytecodeShared(b)
	bc.Payload = append([]byte{}, bc.Payload...)
	return bc, err
}

// decodeBytecodeShared is decodeBytecode without the copy.
func decodeBytecodeShared(b []byte) (Bytecode, error) {
	le := binary.LittleEndian
	if len(b) < bytecodeTagLen {
		return Bytecode{}, fmt.Errorf("%w: bytecode section of %d bytes, too short for its tag", ErrCorrupt, len(b))
	}
	engineLen, versionLen, payloadOffset := int(le.Uint16(b)), int(le.Uint16(b[2:])), uint64(le.Uint32(b[4:]))
	if engineLen == 0 || engineLen > maxTagField || versionLen > maxTagField {
		return Bytecode{}, fmt.Errorf("%w: bytecode tag lengths %d and %d out of range", ErrCorrupt, engineLen, versionLen)
	}
	tagEnd := bytecodeTagLen + engineLen + versionLen
	if payloadOffset != align8(uint64(tagEnd)) || payloadOffset > uint64(len(b)) {
		return Bytecode{}, fmt.Errorf("%w: bytecode payload offset %d, want %d within %d bytes", ErrCorrupt, payloadOffset, align8(uint64(tagEnd)), len(b))
	}
	t := EngineTag{Engine: string(b[bytecodeTagLen : bytecodeTagLen+engineLen]), Version: string(b[bytecodeTagLen+engineLen : tagEnd])}
	if !validTagField(t.Engine) || !validTagField(t.Version) {
		return Bytecode{}, fmt.Errorf("%w: bytecode tag is not printable ASCII", ErrCorrupt)
	}
	if !isZero(b[tagEnd:payloadOffset]) {
		return Bytecode{}, fmt.Errorf("%w: nonzero padding in a bytecode tag", ErrCorrupt)
	}
	return Bytecode{Tag: t, Payload: b[payloadOffset:]}, nil
}

// decoder holds what layout finds: the header and the known sections' bytes.
type decoder struct {
	h        Header
	sections []Section
	strings  []byte
	record   []byte
	code     []byte
	bytecode [][]byte // every bytecode section, in file order
	// sourceMap is the source map section, nil if there is none.
	sourceMap []byte
}

// layout checks everything but the contents of the known sections: magic,
// version, header checksum, flags, section table, alignment, padding and
// section checksums. After it succeeds every byte of b has been checked by a
// checksum or found to be zero padding.
func (d *decoder) layout(b []byte) error {
	le := binary.LittleEndian
	if len(b) < 4 || le.Uint32(b) != Magic {
		return fmt.Errorf("%w: file does not start with the bytes 53 45 4D 42", ErrNotSidecar)
	}
	if len(b) < 8 {
		return fmt.Errorf("%w: %d bytes, too short to hold a version", ErrCorrupt, len(b))
	}
	if v := le.Uint32(b[4:]); v != Version {
		return fmt.Errorf("%w: version %d (this reader reads version %d)", ErrUnsupportedVersion, v, Version)
	}
	if len(b) < fixedHeaderLen {
		return fmt.Errorf("%w: %d bytes, too short to hold a header", ErrCorrupt, len(b))
	}
	headerLen := le.Uint32(b[8:])
	if headerLen < fixedHeaderLen || headerLen%8 != 0 || uint64(headerLen) > uint64(len(b)) {
		return fmt.Errorf("%w: header length %d invalid for a %d-byte file", ErrCorrupt, headerLen, len(b))
	}
	header := b[:headerLen]
	if got, want := headerCRC(header), le.Uint32(b[headerCRCOffset:]); got != want {
		return fmt.Errorf("%w: header checksum %08x, stored %08x", ErrCorrupt, got, want)
	}

	h := &d.h
	h.Version = Version
	h.Flags = le.Uint32(b[12:])
	h.SourceLen = le.Uint64(b[16:])
	h.SourceHash = le.Uint64(b[24:])
	h.OptionsHash = le.Uint64(b[32:])
	h.HashAlg = b[40]
	if unknown := h.Flags &^ knownFlags; unknown != 0 {
		return fmt.Errorf("%w: unknown flag bits %#x", ErrUnsupportedVersion, unknown)
	}
	if kind := h.Flags & FlagKindMask; kind != KindESModule {
		return fmt.Errorf("%w: module kind %d", ErrUnsupportedVersion, kind)
	}
	if h.HashAlg != HashXXH64 {
		return fmt.Errorf("%w: source hash algorithm %d", ErrUnsupportedVersion, h.HashAlg)
	}
	producerLen := int(b[41])
	count := int(le.Uint16(b[42:]))
	tableEnd := fixedHeaderLen + sectionEntryLen*count
	if want := align8(uint64(tableEnd + producerLen)); uint64(headerLen) != want {
		return fmt.Errorf("%w: header length %d, want %d for %d sections and a %d-byte producer", ErrCorrupt, headerLen, want, count, producerLen)
	}
	producer := header[tableEnd : tableEnd+producerLen]
	if !utf8.Valid(producer) {
		return fmt.Errorf("%w: producer is not UTF-8", ErrCorrupt)
	}
	h.Producer = string(producer)
	if !isZero(header[tableEnd+producerLen:]) {
		return fmt.Errorf("%w: nonzero header padding", ErrCorrupt)
	}

	d.sections = make([]Section, count) // count*16 bytes were present in the header
	var seen [SectionSourceMap + 1]bool
	pos := uint64(headerLen)
	for i := range d.sections {
		e := header[fixedHeaderLen+sectionEntryLen*i:]
		s := Section{ID: le.Uint32(e), Offset: le.Uint32(e[4:]), Length: le.Uint32(e[8:]), CRC: le.Uint32(e[12:])}
		d.sections[i] = s
		if i > 0 {
			next := align8(pos)
			if next > uint64(len(b)) {
				return fmt.Errorf("%w: file ends in the padding before section %d", ErrCorrupt, i)
			}
			if !isZero(b[pos:next]) {
				return fmt.Errorf("%w: nonzero padding before section %d", ErrCorrupt, i)
			}
			pos = next
		}
		if uint64(s.Offset) != pos {
			return fmt.Errorf("%w: section %d (id %d) at offset %d, want %d", ErrCorrupt, i, s.ID, s.Offset, pos)
		}
		end := pos + uint64(s.Length)
		if end > uint64(len(b)) {
			return fmt.Errorf("%w: section %d (id %d) length %d exceeds the %d-byte file", ErrCorrupt, i, s.ID, s.Length, len(b))
		}
		data := b[pos:end:end]
		if got := crc32.Checksum(data, castagnoli); got != s.CRC {
			return fmt.Errorf("%w: section %d (id %d) checksum %08x, stored %08x", ErrCorrupt, i, s.ID, got, s.CRC)
		}
		pos = end
		switch s.ID {
		case 0:
			return fmt.Errorf("%w: section %d has the reserved id 0", ErrCorrupt, i)
		case SectionStrings, SectionRecord, SectionCode, SectionSourceMap:
			if seen[s.ID] {
				return fmt.Errorf("%w: section id %d appears twice", ErrCorrupt, s.ID)
			}
			seen[s.ID] = true
			switch s.ID {
			case SectionStrings:
				d.strings = data
			case SectionRecord:
				d.record = data
			case SectionCode:
				d.code = data
			case SectionSourceMap:
				// Opaque to the reader: whoever uses the map parses it.
				d.sourceMap = data
			}
		}
		if s.ID == SectionBytecode {
			d.bytecode = append(d.bytecode, data)
		}
		// Other ids are skipped: a reader that does not know them loses
		// nothing it needs.
	}
	if pos != uint64(len(b)) {
		return fmt.Errorf("%w: %d bytes of trailing garbage after the last section", ErrCorrupt, uint64(len(b))-pos)
	}
	if !seen[SectionStrings] || !seen[SectionRecord] {
		return fmt.Errorf("%w: string table or record section missing", ErrCorrupt)
	}
	if ts := h.Flags&FlagTypeScript != 0; ts != seen[SectionCode] {
		return fmt.Errorf("%w: TypeScript flag is %v but code section present is %v", ErrCorrupt, ts, seen[SectionCode])
	}
	if seen[SectionSourceMap] && !seen[SectionCode] {
		return fmt.Errorf("%w: source map section without a code section", ErrCorrupt)
	}
	return nil
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// reader reads the unsigned LEB128 varints of the string table and record
// sections. The first error sticks; later reads return zero values, so
// callers check r.err once per loop.
type reader struct {
	b       []byte
	pos     int
	err     error
	section string
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s section at byte %d: %s", ErrCorrupt, r.section, r.pos, fmt.Sprintf(format, args...))
	}
}

func (r *reader) remaining() int { return len(r.b) - r.pos }

// uvarint reads a canonical unsigned LEB128 value below 2^32: at most five
// bytes, and no superfluous trailing zero group, so that every value has
// exactly one encoding.
func (r *reader) uvarint() uint32 {
	if r.err != nil {
		return 0
	}
	var v uint64
	for i := 0; i < 5; i++ {
		if r.pos >= len(r.b) {
			r.fail("truncated varint")
			return 0
		}
		c := r.b[r.pos]
		r.pos++
		v |= uint64(c&0x7F) << (7 * i)
		if c < 0x80 {
			if c == 0 && i > 0 {
				r.fail("overlong varint")
				return 0
			}
			if v > 0xFFFFFFFF {
				r.fail("varint exceeds 32 bits")
				return 0
			}
			return uint32(v)
		}
	}
	r.fail("varint longer than 5 bytes")
	return 0
}

// count reads a list length and checks that the list can fit in what
// remains, each element taking at least minBytes, before the caller
// allocates for it.
func (r *reader) count(what string, minBytes int) int {
	n := r.uvarint()
	if r.err == nil && uint64(n)*uint64(minBytes) > uint64(r.remaining()) {
		r.fail("%d %s cannot fit in %d bytes", n, what, r.remaining())
		return 0
	}
	return int(n)
}

// str reads a string table index.
func (r *reader) str(strs []string) string {
	s, _ := r.strIndex(strs)
	return s
}

// strIndex reads a string table index and returns the string and the index.
func (r *reader) strIndex(strs []string) (string, uint32) {
	i := r.uvarint()
	if r.err == nil && uint64(i) >= uint64(len(strs)) {
		r.fail("string index %d out of range (%d strings)", i, len(strs))
	}
	if r.err != nil {
		return "", 0
	}
	return strs[i], i
}

// Bits of the per-string marks that decodeRecord keeps to check that names
// are not repeated.
const (
	markBound     = 1 << iota // a binding of the module: import local, var or lexical name
	markExported              // an export name
	markSpecifier             // the specifier of a requested module
)

// mark sets bit on string i and fails if it was set already.
func (r *reader) mark(marks []uint8, i uint32, bit uint8, what string, s string) {
	if r.err != nil {
		return
	}
	if marks[i]&bit != 0 {
		r.fail("%s %q appears twice", what, s)
		return
	}
	marks[i] |= bit
}

// optStr reads 0 for an absent string or a string table index plus one.
func (r *reader) optStr(strs []string) (string, bool) {
	i := r.uvarint()
	if r.err != nil || i == 0 {
		return "", false
	}
	if uint64(i-1) >= uint64(len(strs)) {
		r.fail("string index %d out of range (%d strings)", i-1, len(strs))
		return "", false
	}
	return strs[i-1], true
}

// request reads a module request index.
func (r *reader) request(n int) int {
	i := r.uvarint()
	if r.err == nil && uint64(i) >= uint64(n) {
		r.fail("module request %d out of range (%d requests)", i, n)
		return 0
	}
	return int(i)
}

func (r *reader) end() error {
	if r.err == nil && r.pos != len(r.b) {
		r.fail("%d bytes left over", len(r.b)-r.pos)
	}
	return r.err
}

// decodeStrings reads the string table. All strings share one copy of the
// section, so the table costs one allocation of its size plus a string
// header per entry (each entry takes at least one byte of input). The
// strings must be in strictly increasing byte order, which makes them
// distinct: two names are then equal exactly when their indices are, and the
// record's rules can be checked on indices.
func decodeStrings(b []byte) ([]string, error) {
	r := reader{b: b, section: "string table"}
	n := r.count("strings", 1)
	if r.err != nil {
		return nil, r.err
	}
	all := string(b)
	strs := make([]string, n)
	for i := range strs {
		l := r.uvarint()
		if r.err != nil {
			return nil, r.err
		}
		if uint64(l) > uint64(r.remaining()) {
			r.fail("string %d length %d exceeds the %d bytes left", i, l, r.remaining())
			return nil, r.err
		}
		s := all[r.pos : r.pos+int(l)]
		if !ValidWTF8(s) {
			r.fail("string %d is not WTF-8", i)
			return nil, r.err
		}
		if i > 0 && s <= strs[i-1] {
			r.fail("string %d is not after string %d in byte order", i, i-1)
			return nil, r.err
		}
		r.pos += int(l)
		strs[i] = s
	}
	return strs, r.end()
}

// decodeRecord reads the record section. Every list is checked to fit in
// the bytes that remain (each element takes at least one byte per field)
// before it is allocated. Besides indices and kinds it checks the rules of
// SPEC.md section 6 that an engine relies on when it builds its record from
// the lists (JSC keys imports by local name and exports by export name, and
// would silently drop a repeated one): bindings (import locals, var and
// lexical names) are distinct, export names are distinct, requested modules
// are distinct, and each request's attribute keys are strictly increasing in
// UTF-16 order.
func decodeRecord(b []byte, strs []string) (*Record, error) {
	r := reader{b: b, section: "record"}
	rec := &Record{}

	// marks has one byte per string; it is no larger than the string table.
	marks := make([]uint8, len(strs))
	// repeated holds the encodings of the requests when two share a
	// specifier: with canonical varints and distinct strings, two requests
	// are equal exactly when their encodings are.
	var encodings [][]byte
	repeated := false

	if n := r.count("requested modules", 2); n > 0 {
		rec.RequestedModules = make([]ModuleRequest, n)
		encodings = make([][]byte, n)
		for i := range rec.RequestedModules {
			start := r.pos
			m := &rec.RequestedModules[i]
			spec, si := r.strIndex(strs)
			m.Specifier = spec
			if r.err == nil {
				repeated = repeated || marks[si]&markSpecifier != 0
				marks[si] |= markSpecifier
			}
			if na := r.count("attributes", 2); na > 0 {
				m.Attributes = make([]Attribute, na)
				for j := range m.Attributes {
					m.Attributes[j] = Attribute{Key: r.str(strs), Value: r.str(strs)}
					if j > 0 && r.err == nil && CompareUTF16(m.Attributes[j-1].Key, m.Attributes[j].Key) >= 0 {
						r.fail("requested module %d: attribute key %q is not after %q in UTF-16 order", i, m.Attributes[j].Key, m.Attributes[j-1].Key)
					}
				}
			}
			if r.err != nil {
				return nil, r.err
			}
			encodings[i] = r.b[start:r.pos]
		}
	}
	if repeated {
		slices.SortFunc(encodings, bytes.Compare)
		for i := 1; i < len(encodings); i++ {
			if bytes.Equal(encodings[i-1], encodings[i]) {
				r.fail("a requested module appears twice")
				return nil, r.err
			}
		}
	}
	nreq := len(rec.RequestedModules)

	if n := r.count("import entries", 3); n > 0 {
		rec.ImportEntries = make([]ImportEntry, n)
		for i := range rec.ImportEntries {
			x := &rec.ImportEntries[i]
			x.ModuleRequest = r.request(nreq)
			name, ok := r.optStr(strs)
			x.ImportName, x.Namespace = name, !ok
			local, li := r.strIndex(strs)
			x.LocalName = local
			r.mark(marks, li, markBound, "bound name", local)
			if r.err != nil {
				return nil, r.err
			}
		}
	}

	if n := r.count("local export entries", 2); n > 0 {
		rec.LocalExportEntries = make([]LocalExportEntry, n)
		for i := range rec.LocalExportEntries {
			name, ni := r.strIndex(strs)
			r.mark(marks, ni, markExported, "export name", name)
			rec.LocalExportEntries[i] = LocalExportEntry{ExportName: name, LocalName: r.str(strs)}
		}
	}

	if n := r.count("indirect export entries", 3); n > 0 {
		rec.IndirectExportEntries = make([]IndirectExportEntry, n)
		for i := range rec.IndirectExportEntries {
			x := &rec.IndirectExportEntries[i]
			name, ni := r.strIndex(strs)
			r.mark(marks, ni, markExported, "export name", name)
			x.ExportName = name
			x.ModuleRequest = r.request(nreq)
			name, ok := r.optStr(strs)
			x.ImportName, x.Namespace = name, !ok
			if r.err != nil {
				return nil, r.err
			}
		}
	}

	if n := r.count("star export entries", 1); n > 0 {
		rec.StarExportEntries = make([]StarExportEntry, n)
		for i := range rec.StarExportEntries {
			rec.StarExportEntries[i].ModuleRequest = r.request(nreq)
		}
	}

	if n := r.count("var names", 1); n > 0 {
		rec.VarNames = make([]string, n)
		for i := range rec.VarNames {
			name, ni := r.strIndex(strs)
			r.mark(marks, ni, markBound, "bound name", name)
			rec.VarNames[i] = name
		}
	}

	if n := r.count("lexical names", 2); n > 0 {
		rec.LexicalNames = make([]LexicalName, n)
		for i := range rec.LexicalNames {
			name, ni := r.strIndex(strs)
			r.mark(marks, ni, markBound, "bound name", name)
			kind := r.uvarint()
			if r.err == nil && kind >= uint32(numLexicalKinds) {
				r.fail("lexical name %d has invalid kind %d", i, kind)
			}
			if r.err != nil {
				return nil, r.err
			}
			rec.LexicalNames[i] = LexicalName{Name: name, Kind: LexicalKind(kind)}
		}
	}

	if n := r.count("dynamic imports", 1); n > 0 {
		rec.DynamicImports = make([]DynamicImport, n)
		for i := range rec.DynamicImports {
			s, ok := r.optStr(strs)
			rec.DynamicImports[i] = DynamicImport{Specifier: s, Known: ok}
		}
	}

	if err := r.end(); err != nil {
		return nil, err
	}
	return rec, nil
}
