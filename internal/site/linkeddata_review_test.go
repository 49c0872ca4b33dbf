package site

import (
	"encoding/json"
	"testing"
)

// TestClaimReviewLD checks the JSON-LD of a claim page whose claim the
// editors gave a verdict: a ClaimReview of the claim, its appearances
// included, rated in words and explained.
func TestClaimReviewLD(t *testing.T) {
	base, _ := ParseBase("https://example.org/d/")
	p := &Page{Site: &SiteInfo{Title: "The dossier"}, path: "claims/rank/", base: base}
	claim := claimLD(p, "claims/rank/", "Xiaomi's rank in China", "Fifth, first or second.", nil, nil)
	p.meta.ld = func() any {
		return claimReviewLD(p, "claims/rank/", claim, "Contested", "The reports rank Xiaomi differently.")
	}
	var ld struct {
		Context       string `json:"@context"`
		Type          string `json:"@type"`
		ID            string `json:"@id"`
		ClaimReviewed string
		ItemReviewed  struct {
			Type string `json:"@type"`
			ID   string `json:"@id"`
			Name string
		}
		ReviewRating struct {
			Type          string `json:"@type"`
			AlternateName string
		}
		ReviewBody string
		Author     ldNamed
	}
	data, err := p.LinkedData()
	if err != nil {
		t.Fatal(err)
	}
	js := string(data)
	if err := json.Unmarshal([]byte(js), &ld); err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	got := []string{ld.Context, ld.Type, ld.ID, ld.ClaimReviewed, ld.ItemReviewed.Type, ld.ItemReviewed.ID, ld.ItemReviewed.Name,
		ld.ReviewRating.Type, ld.ReviewRating.AlternateName, ld.ReviewBody, ld.Author.Type, ld.Author.Name}
	want := []string{"https://schema.org", "ClaimReview", "https://example.org/d/claims/rank/#review", "Fifth, first or second.",
		"Claim", "https://example.org/d/claims/rank/#claim", "Xiaomi's rank in China",
		"Rating", "Contested", "The reports rank Xiaomi differently.", "Organization", "The dossier"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("field %d = %q; want %q\n%s", i, got[i], want[i], js)
		}
	}
}
