package site

import "unicode/utf8"

// The JSON of the schema.org values, written by hand: encoding/json finds
// its way through each struct by reflection, which took a fifth of the time
// of rendering an article's page. Each appendJSON writes what
// encoding/json's Marshal writes for its type, byte for byte (the json tags
// on the structs say what that is, and a test holds them to it): fields in
// order, those tagged omitempty left out when empty, strings escaped for
// HTML.

// An ldValue is a schema.org value that writes its own JSON.
type ldValue interface {
	appendJSON(b []byte) []byte
}

func (v ldRef) appendJSON(b []byte) []byte {
	o := openObject(b)
	o.strOmitEmpty("@type", v.Type)
	o.str("@id", v.ID)
	o.strOmitEmpty("name", v.Name)
	return o.close()
}

func (v ldNamed) appendJSON(b []byte) []byte {
	o := openObject(b)
	o.str("@type", v.Type)
	o.str("name", v.Name)
	return o.close()
}

func (v ldWebSite) appendJSON(b []byte) []byte {
	o := openObject(b)
	o.str("@context", v.Context)
	o.str("@type", v.Type)
	o.str("@id", v.ID)
	o.str("url", v.URL)
	o.str("name", v.Name)
	o.strOmitEmpty("description", v.Description)
	return o.close()
}

func (v ldNewsArticle) appendJSON(b []byte) []byte {
	o := openObject(b)
	o.str("@context", v.Context)
	o.str("@type", v.Type)
	o.str("@id", v.ID)
	o.str("url", v.URL)
	o.str("mainEntityOfPage", v.MainEntityOfPage)
	o.strOmitEmpty("headline", v.Headline)
	o.strOmitEmpty("name", v.Name)
	o.strOmitEmpty("description", v.Description)
	o.strOmitEmpty("datePublished", v.DatePublished)
	if v.Author != nil {
		o.name("author")
		o.b = v.Author.appendJSON(o.b)
	}
	if v.Publisher != nil {
		o.name("publisher")
		o.b = v.Publisher.appendJSON(o.b)
	}
	o.strOmitEmpty("isBasedOn", v.IsBasedOn)
	o.refsOmitEmpty("about", v.About)
	o.refsOmitEmpty("mentions", v.Mentions)
	o.name("isPartOf")
	o.b = v.IsPartOf.appendJSON(o.b)
	return o.close()
}

func (v ldEntity) appendJSON(b []byte) []byte {
	o := openObject(b)
	v.members(&o)
	return o.close()
}

// members writes the entity's members, which ldOrganization and ldPerson
// begin with.
func (v ldEntity) members(o *jsonObject) {
	o.str("@context", v.Context)
	o.str("@type", v.Type)
	o.str("@id", v.ID)
	o.str("url", v.URL)
	o.str("mainEntityOfPage", v.MainEntityOfPage)
	o.str("name", v.Name)
	if len(v.AlternateName) > 0 {
		o.name("alternateName")
		o.b = append(o.b, '[')
		for i, n := range v.AlternateName {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			o.b = appendJSONString(o.b, n)
		}
		o.b = append(o.b, ']')
	}
}

func (v ldOrganization) appendJSON(b []byte) []byte {
	o := openObject(b)
	v.ldEntity.members(&o)
	o.strOmitEmpty("location", v.Location)
	o.strOmitEmpty("sameAs", v.SameAs)
	o.refsOmitEmpty("employee", v.Employee)
	return o.close()
}

func (v ldPerson) appendJSON(b []byte) []byte {
	o := openObject(b)
	v.ldEntity.members(&o)
	o.strOmitEmpty("jobTitle", v.JobTitle)
	if v.WorksFor != nil {
		o.name("worksFor")
		o.b = v.WorksFor.appendJSON(o.b)
	}
	return o.close()
}

func (v ldClaim) appendJSON(b []byte) []byte {
	o := openObject(b)
	o.str("@context", v.Context)
	o.str("@type", v.Type)
	o.str("@id", v.ID)
	o.str("url", v.URL)
	o.str("mainEntityOfPage", v.MainEntityOfPage)
	o.str("name", v.Name)
	o.strOmitEmpty("text", v.Text)
	o.refsOmitEmpty("about", v.About)
	o.refsOmitEmpty("appearance", v.Appearance)
	if v.FirstAppearance != nil {
		o.name("firstAppearance")
		o.b = v.FirstAppearance.appendJSON(o.b)
	}
	return o.close()
}

// A jsonObject appends the members of a JSON object.
type jsonObject struct {
	b []byte
	n int // members so far
}

func openObject(b []byte) jsonObject { return jsonObject{b: append(b, '{')} }

func (o *jsonObject) close() []byte { return append(o.b, '}') }

// name begins a member; names are ASCII that needs no escaping.
func (o *jsonObject) name(name string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	o.b = append(o.b, '"')
	o.b = append(o.b, name...)
	o.b = append(o.b, '"', ':')
}

func (o *jsonObject) str(name, s string) {
	o.name(name)
	o.b = appendJSONString(o.b, s)
}

func (o *jsonObject) strOmitEmpty(name, s string) {
	if s != "" {
		o.str(name, s)
	}
}

func (o *jsonObject) refsOmitEmpty(name string, refs []ldRef) {
	if len(refs) == 0 {
		return
	}
	o.name(name)
	o.b = append(o.b, '[')
	for i, r := range refs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = r.appendJSON(o.b)
	}
	o.b = append(o.b, ']')
}

// appendJSONString is encoding/json's appendString with escapeHTML set.
func appendJSONString(dst []byte, src string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(src); {
		if b := src[i]; b < utf8.RuneSelf {
			if jsonHTMLSafe[b] {
				i++
				continue
			}
			dst = append(dst, src[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				// Other control characters, and <, > and &.
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(src[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, src[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		// U+2028 and U+2029, which JavaScript takes for line ends.
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, src[start:]...)
	return append(dst, '"')
}

// jsonHTMLSafe is encoding/json's htmlSafeSet: the ASCII characters a
// string holds as they are, all but control characters, ", \, <, > and &.
var jsonHTMLSafe = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()
