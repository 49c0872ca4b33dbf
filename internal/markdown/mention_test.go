package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// TestNameMatcher finds names in text as the mentioner does: each entity
// once, the longest name at a place first, whole words only, case as
// written.
func TestNameMatcher(t *testing.T) {
	tests := []struct {
		names [][]string
		text  string
		want  string // the names found, "name@offset" in order
	}{
		{[][]string{{"Xiaomi"}, {"US", "United States"}}, "Xiaomi and the US, not us or USA; the United States.", "Xiaomi@0 US@15"},
		{[][]string{{"US", "United States"}}, "the United States and the US", "United States@4"},
		{[][]string{{"Acme", "Acme Mobile"}}, "Acme Mobile and Acme", "Acme Mobile@0"},
		{[][]string{{"Élan"}, {"Zed"}}, "the Élan of Zed, Zed’s and Élan’s", "Élan@4 Zed@13"},
		{[][]string{{"3M"}, {"~x"}}, "33M and 3M and ~xy ~x", "3M@8 ~x@19"},
		{[][]string{{"eBay"}, {"Apple"}}, "ebay, Applesauce and eBay", "eBay@21"},
		{[][]string{{"Ab"}}, "café Ab “Ab”", "Ab@6"},
		{[][]string{{""}, {"a"}}, "b a", "a@2"},
	}
	for _, tt := range tests {
		var ms []Mention
		for _, n := range tt.names {
			ms = append(ms, Mention{Names: n})
		}
		nm := newNameMatcher(ms)
		skip := make([]bool, len(ms))
		var got []string
		for i := 0; ; {
			s, e, ent, ok := nm.next([]byte(tt.text), i, skip)
			if !ok {
				break
			}
			skip[ent] = true
			got = append(got, fmt.Sprintf("%s@%d", tt.text[s:e], s))
			i = e
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("names %q in %q: found %q; want %q", tt.names, tt.text, strings.Join(got, " "), tt.want)
		}
	}
}
