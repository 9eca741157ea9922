package actions

import (
	"encoding/json"
	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
)

// TypeSetContactField is the type name of the set_contact_field action.
const TypeSetContactField = "set_contact_field"

func init() {
	RegisterType(TypeSetContactField, func() flows.Action { return &SetContactField{base: newBase(TypeSetContactField)} })
}

// SetContactField sets a contact field to the evaluated value; an empty value clears it.
type SetContactField struct {
	base
	Field *flows.FieldRef `json:"field" validate:"required"`
	Value string          `json:"value" validate:"max=10000" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_contact_field may appear in.
func (a *SetContactField) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// Execute sets (or, with an empty value, clears) a contact field. The value is kept as text and
// also as a number and a datetime when it reads as one, so that the field's type finds it.
func (a *SetContactField) Execute(run runtime.Run, log runtime.Logger) error {
	if a.Field == nil {
		return nil
	}
	// as in the reference, the value is evaluated first: an evaluation error ends the action
	// before a field missing from the assets is noticed
	value, ok := run.EvaluateTemplate(a.Value, log)
	if !ok {
		return nil
	}
	f := run.Assets().Get(flows.AssetField, a.Field.Key)
	if f == nil {
		missingDependency(log, "field", "key", a.Field.Key, a.Field.Name)
		return nil
	}
	value = truncate(strings.TrimSpace(value), MaxFieldValue)
	c := run.Contact()
	old := c.Fields[f.Identity]
	var nv *runtime.FieldValue
	if value != "" {
		nv = parseFieldValue(run, value)
		typ, _ := f.Extra["type"].(string)
		parseLocation(run, nv, typ, value)
	}
	if (old == nil && nv == nil) || (old != nil && nv != nil && *old == *nv) {
		return nil
	}
	if c.Fields == nil {
		c.Fields = map[string]*runtime.FieldValue{}
	}
	if nv == nil {
		delete(c.Fields, f.Identity)
	} else {
		c.Fields[f.Identity] = nv
	}
	log(runtime.NewContactFieldChanged(runtime.FieldRef{Key: f.Identity, Name: f.Name}, nv))
	run.ContactChanged(log)
	return nil
}

// parseFieldValue reads a text as the typed forms a field value may take.
func parseFieldValue(run runtime.Run, value string) *runtime.FieldValue {
	fv := &runtime.FieldValue{Text: value}
	if d, ok := expressions.ParseNumber(value); ok {
		fv.Number = json.Number(d.String())
	}
	if dt, ok := run.ReadDateTime(value); ok {
		fv.Datetime = dt.Format("2006-01-02T15:04:05.000000Z07:00")
	}
	return fv
}

// locationFieldLevels are the field types that hold a place, with the level of that place.
var locationFieldLevels = map[string]expressions.LocationLevel{
	"state": expressions.LocationState, "district": expressions.LocationDistrict, "ward": expressions.LocationWard,
}

// pathLookup is a location resolver that also finds a location by its full path.
type pathLookup interface {
	LookupPath(text string) string
}

// parseLocation fills the location forms of a value. Whatever the field's type, a text that is
// the full path of a state, district or ward ("Rwanda > Kigali City") gives that place and the
// places above it, and a text with a ">" that is no such path gives none. Otherwise a state,
// district or ward field looks for the place named in the text at its level: a district under
// the contact's own state and a ward under its district, so that without them there is none.
func parseLocation(run runtime.Run, fv *runtime.FieldValue, typ, text string) {
	found := ""
	if strings.Contains(text, ">") {
		// a path is looked up as a path alone: one that names no place gives none
		if pl, ok := run.Locations().(pathLookup); ok {
			found = pl.LookupPath(text)
		}
		if found == "" {
			return
		}
	} else {
		level, ok := locationFieldLevels[typ]
		if !ok {
			return
		}
		parent := ""
		if level > expressions.LocationState {
			if parent = contactLocation(run, level-1); parent == "" {
				return
			}
		}
		places := run.Locations().FindLocations(fv.Text, level, parent)
		if len(places) == 0 {
			return
		}
		found = places[0]
	}
	parts := strings.Split(found, " > ")
	join := func(n int) string { return strings.Join(parts[:n+1], " > ") }
	if len(parts) > 1 {
		fv.State = join(1)
	}
	if len(parts) > 2 {
		fv.District = join(2)
	}
	if len(parts) > 3 {
		fv.Ward = join(3)
	}
}

// contactLocation is the place above a bare district or ward name, as the reference finds it:
// the value of the first field of the assets whose type is that level (state for a district,
// district for a ward), read as that level's place, when it is a place the locations know.
// Another field holding such a place (a ward field's state, say) doesn't count.
func contactLocation(run runtime.Run, level expressions.LocationLevel) string {
	for _, f := range run.Assets().All(flows.AssetField) {
		if t, _ := f.Extra["type"].(string); locationFieldLevels[t] != level {
			continue
		}
		fv := run.Contact().Fields[f.Identity]
		if fv == nil {
			return ""
		}
		path := fv.State
		if level == expressions.LocationDistrict {
			path = fv.District
		}
		if pl, ok := run.Locations().(pathLookup); ok && path != "" {
			return pl.LookupPath(path)
		}
		return path
	}
	return ""
}
