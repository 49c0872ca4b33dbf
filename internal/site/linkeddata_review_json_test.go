package site

import "testing"

// TestClaimReviewJSON holds the hand-written JSON of the ClaimReview
// values to encoding/json's, as TestLinkedDataJSON does the others'; it
// goes with linkeddata_review_json.go.
func TestClaimReviewJSON(t *testing.T) {
	refs := []ldRef{{Type: "NewsArticle", ID: "#a", Name: "A"}}
	for _, s := range jsonStrings {
		claim := ldClaim{Context: s, Type: s, ID: s, URL: s, MainEntityOfPage: s, Name: s, Text: s, Appearance: refs}
		for _, v := range []ldValue{
			ldRating{Type: s, AlternateName: s},
			ldClaimReview{Context: s, Type: s, ID: s, URL: s, ClaimReviewed: s, ItemReviewed: claim,
				ReviewRating: ldRating{Type: s, AlternateName: s}, ReviewBody: s, Author: ldNamed{Type: s, Name: s}},
			ldClaimReview{},
		} {
			if got, want := string(marshalLD(v)), encodingJSON(t, v); got != want {
				t.Errorf("%T's JSON:\n got %s\nwant %s", v, got, want)
			}
		}
	}
}
