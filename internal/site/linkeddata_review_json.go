package site

// The hand-written JSON of the ClaimReview values (see linkeddata_json.go):
// it goes with that file when encoding/json writes the linked data.

func (v ldClaimReview) appendJSON(b []byte) []byte {
	o := openObject(b)
	o.str("@context", v.Context)
	o.str("@type", v.Type)
	o.str("@id", v.ID)
	o.str("url", v.URL)
	o.strOmitEmpty("claimReviewed", v.ClaimReviewed)
	o.name("itemReviewed")
	o.b = v.ItemReviewed.appendJSON(o.b)
	o.name("reviewRating")
	o.b = v.ReviewRating.appendJSON(o.b)
	o.strOmitEmpty("reviewBody", v.ReviewBody)
	o.name("author")
	o.b = v.Author.appendJSON(o.b)
	return o.close()
}

func (v ldRating) appendJSON(b []byte) []byte {
	o := openObject(b)
	o.str("@type", v.Type)
	o.str("alternateName", v.AlternateName)
	return o.close()
}
