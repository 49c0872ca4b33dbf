package content

import (
	"dossier/internal/claim"
	"dossier/internal/diag"
)

// figureKeys collects the keys of an annotation that make its Figure, as
// they are decoded.
type figureKeys struct {
	fig   Figure
	first string   // the first of the keys given, for messages
	pos   diag.Pos // where it is
	// valueUnit is the unit the value's text gives, to tell from the
	// unit key.
	valueUnit                           claim.Unit
	valueInferredPos, periodInferredPos diag.Pos
}

// decode reads key into the figure if it is one of its keys, reporting
// whether it was.
func (f *figureKeys) decode(d *decoder, key string, v *node) bool {
	switch key {
	case "value":
		s := d.str(key, v)
		if s == "" && v.kind == scalarNode {
			d.diags.Errorf(v.pos, "%s: is empty", d.label(key))
			break
		}
		if v.kind != scalarNode {
			break // reported by str
		}
		n, u, err := claim.ParseValue(s)
		if err != nil {
			d.diags.Errorf(v.pos, "%s: %v", d.label(key), err)
			break
		}
		f.fig.Value, f.fig.HasValue, f.fig.ValuePos, f.valueUnit = n, true, v.pos, u
	case "unit":
		s := d.str(key, v)
		if v.kind != scalarNode {
			break
		}
		u, err := claim.ParseUnit(s)
		if err != nil {
			d.diags.Errorf(v.pos, "annotation %d: %v", d.annotation, err)
			break
		}
		f.fig.Unit, f.fig.UnitPos = u, v.pos
	case "period":
		s := d.str(key, v)
		if v.kind != scalarNode {
			break
		}
		p, err := claim.ParsePeriod(s)
		if err != nil {
			d.diags.Errorf(v.pos, "annotation %d: %v", d.annotation, err)
			break
		}
		f.fig.Period, f.fig.PeriodPos = p, v.pos
	case "measure":
		f.fig.Measure = d.str(key, v)
	case "according_to":
		f.fig.AccordingTo = d.str(key, v)
	case "value_inferred":
		f.fig.ValueInferred = d.boolean(key, v)
		f.valueInferredPos = v.pos
	case "period_inferred":
		f.fig.PeriodInferred = d.boolean(key, v)
		f.periodInferredPos = v.pos
	default:
		return false
	}
	if f.first == "" {
		f.first, f.pos = key, v.pos
	}
	return true
}

// check returns the figure of the annotation an, nil when it gives none
// of its keys, reporting what does not go together: a figure on an
// annotation that is not a claim, a unit the value's own text
// contradicts, and an inference the note does not explain.
func (f *figureKeys) check(d *decoder, an *Annotation) *Figure {
	if f.first == "" {
		return nil
	}
	n := an.Index
	if an.Kind != KindClaim {
		d.diags.Errorf(f.pos, "annotation %d: %s is for claim annotations (kind: claim)", n, f.first)
		return nil
	}
	fig := f.fig
	switch {
	case fig.Unit == "":
		fig.Unit = f.valueUnit
	case f.valueUnit != "" && f.valueUnit != fig.Unit:
		d.diags.Errorf(fig.UnitPos, "annotation %d: unit %q, but the value is in %s as written", n, fig.Unit, f.valueUnit)
	}
	inferred := []struct {
		set   bool
		given bool
		pos   diag.Pos
		key   string
		what  string
	}{
		{fig.ValueInferred, fig.HasValue, f.valueInferredPos, "value_inferred", "value"},
		{fig.PeriodInferred, !fig.Period.IsZero(), f.periodInferredPos, "period_inferred", "period"},
	}
	for _, x := range inferred {
		switch {
		case !x.set:
		case !x.given:
			d.diags.Errorf(x.pos, "annotation %d: %s, but no %s is given", n, x.key, x.what)
		case an.Note == "":
			d.diags.Errorf(x.pos, "annotation %d: %s: the note must say how the %s was inferred, and there is no note", n, x.key, x.what)
		}
	}
	return &fig
}
