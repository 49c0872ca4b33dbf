package diag

import "testing"

func TestSuggest(t *testing.T) {
	candidates := []string{"companies", "percent", "rank", "units", "users"}
	tests := []struct{ in, want string }{
		{"compnaies", "companies"}, // a transposition
		{"Percnet", "percent"},     // case is ignored
		{"pecent", "percent"},
		{"rnak", "rank"},
		{"user", "users"},
		{"percent", ""}, // the same is no suggestion
		{"seconds", ""},
		{"rand", "rank"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, candidates); got != tt.want {
			t.Errorf("Suggest(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
