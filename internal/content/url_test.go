package content

import "testing"

// TestPlainHTTPURL checks which URLs checkHTTPURL accepts without parsing
// them, and that url.Parse accepts them too.
func TestPlainHTTPURL(t *testing.T) {
	for _, tt := range []struct {
		url  string
		want bool
	}{
		{"https://example.com/news/0", true},
		{"http://example.com", true},
		{"https://example.com/", true},
		{"https://Example.COM/A_b~c/d-e.html", true},
		{"https://a..b", true},
		{"https://xn--80ak6aa92e.com/x", true},

		{"https://", false},
		{"https:///path", false},
		{"HTTPS://example.com", false}, // url.Parse lowers the scheme: left to it
		{"ftp://example.com", false},
		{"https://example.com:8080/", false},
		{"https://user@example.com/", false},
		{"https://example.com/a?b=c", false},
		{"https://example.com/a#frag", false},
		{"https://example.com/a%20b", false},
		{"https://exa_mple.com/", false},
		{"https://example.com/a b", false},
		{"https://example.com/ü", false},
		{"https://[::1]/", false},
		{"javascript:alert(1)", false},
		{"//example.com/", false},
	} {
		if got := plainHTTPURL(tt.url); got != tt.want {
			t.Errorf("plainHTTPURL(%q) = %v; want %v", tt.url, got, tt.want)
		}
		if tt.want {
			if err := parseHTTPURL(tt.url); err != nil {
				t.Errorf("plainHTTPURL(%q) = true, but url.Parse says %v", tt.url, err)
			}
		}
	}
}

// FuzzPlainHTTPURL compares plainHTTPURL with url.Parse: every URL it
// accepts, checkHTTPURL's parse must accept.
func FuzzPlainHTTPURL(f *testing.F) {
	for _, s := range []string{
		"https://example.com/news/0", "http://a.b/c_d~e", "https://a:1/", "https://u@h/", "https://h/?q", "https://h/#f",
		"https://h/%41", "HTTP://h/", "https:///x", "https://-/", "https://h.-./x/../y", "https://h//x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plainHTTPURL(s) {
			if err := parseHTTPURL(s); err != nil {
				t.Fatalf("plainHTTPURL(%q) = true, but url.Parse says %v", s, err)
			}
		}
	})
}
