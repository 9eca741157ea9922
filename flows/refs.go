package flows

// The reference types that action fields use to name assets. They marshal as the goflow spec
// writes them. Their names (and a field's key) are limited as the reference limits them when it
// reads a flow: 64 characters for most, 512 for a template, 320 for a user, 128 for a contact,
// none for a classifier; name_match and email templates to 1000.

// ChannelRef names a channel.
type ChannelRef struct {
	UUID string `json:"uuid" validate:"required,uuid"`
	Name string `json:"name" validate:"max=64"`
}

// GroupRef names a group by UUID, or by a name template to match at run time: one of the two,
// as the engine refuses a reference with both or neither.
type GroupRef struct {
	UUID      string `json:"uuid,omitempty" validate:"required_without=NameMatch,excluded_with=NameMatch,omitempty,uuid"`
	Name      string `json:"name,omitempty" validate:"max=64"`
	NameMatch string `json:"name_match,omitempty" validate:"max=1000" flow:"template"`
}

// LabelRef names a label by UUID, or by a name template to match at run time: one of the two.
type LabelRef struct {
	UUID      string `json:"uuid,omitempty" validate:"required_without=NameMatch,excluded_with=NameMatch,omitempty,uuid"`
	Name      string `json:"name,omitempty" validate:"max=64"`
	NameMatch string `json:"name_match,omitempty" validate:"max=1000" flow:"template"`
}

// FieldRef names a contact field by key.
type FieldRef struct {
	Key  string `json:"key" validate:"required,max=64"`
	Name string `json:"name" validate:"max=64"`
}

// FlowRef names a flow.
type FlowRef struct {
	UUID string `json:"uuid" validate:"required,uuid"`
	Name string `json:"name" validate:"max=64"`
}

// ClassifierRef names an NLU classifier.
type ClassifierRef struct {
	UUID string `json:"uuid" validate:"required,uuid"`
	Name string `json:"name"`
}

// LLMRef names a large language model.
type LLMRef struct {
	UUID string `json:"uuid" validate:"required,uuid"`
	Name string `json:"name" validate:"max=64"`
}

// OptInRef names an opt-in.
type OptInRef struct {
	UUID string `json:"uuid" validate:"required,uuid"`
	Name string `json:"name" validate:"max=64"`
}

// TemplateRef names a WhatsApp-style message template.
type TemplateRef struct {
	UUID string `json:"uuid" validate:"required,uuid"`
	Name string `json:"name" validate:"max=512"`
}

// TopicRef names a ticket topic.
type TopicRef struct {
	UUID string `json:"uuid" validate:"required,uuid"`
	Name string `json:"name" validate:"max=64"`
}

// UserRef names a user, by UUID in current flows or by an email template in older ones: one of
// the two, as the engine refuses a reference with both or neither.
type UserRef struct {
	UUID  string `json:"uuid,omitempty" validate:"required_without=Email,excluded_with=Email,omitempty,uuid"`
	Email string `json:"email,omitempty" validate:"max=1000"`
	Name  string `json:"name" validate:"max=320"`
}

// GlobalRef names a global by key.
type GlobalRef struct {
	Key  string `json:"key" validate:"required"`
	Name string `json:"name"`
}

func (r *ChannelRef) Kind() AssetKind        { return AssetChannel }
func (r *ChannelRef) Identity() string       { return r.UUID }
func (r *ChannelRef) DisplayName() string    { return r.Name }
func (r *GroupRef) Kind() AssetKind          { return AssetGroup }
func (r *GroupRef) Identity() string         { return r.UUID }
func (r *GroupRef) DisplayName() string      { return r.Name }
func (r *LabelRef) Kind() AssetKind          { return AssetLabel }
func (r *LabelRef) Identity() string         { return r.UUID }
func (r *LabelRef) DisplayName() string      { return r.Name }
func (r *FieldRef) Kind() AssetKind          { return AssetField }
func (r *FieldRef) Identity() string         { return r.Key }
func (r *FieldRef) DisplayName() string      { return r.Name }
func (r *FlowRef) Kind() AssetKind           { return AssetFlow }
func (r *FlowRef) Identity() string          { return r.UUID }
func (r *FlowRef) DisplayName() string       { return r.Name }
func (r *ClassifierRef) Kind() AssetKind     { return AssetClassifier }
func (r *ClassifierRef) Identity() string    { return r.UUID }
func (r *ClassifierRef) DisplayName() string { return r.Name }
func (r *LLMRef) Kind() AssetKind            { return AssetLLM }
func (r *LLMRef) Identity() string           { return r.UUID }
func (r *LLMRef) DisplayName() string        { return r.Name }
func (r *OptInRef) Kind() AssetKind          { return AssetOptIn }
func (r *OptInRef) Identity() string         { return r.UUID }
func (r *OptInRef) DisplayName() string      { return r.Name }
func (r *TemplateRef) Kind() AssetKind       { return AssetTemplate }
func (r *TemplateRef) Identity() string      { return r.UUID }
func (r *TemplateRef) DisplayName() string   { return r.Name }
func (r *TopicRef) Kind() AssetKind          { return AssetTopic }
func (r *TopicRef) Identity() string         { return r.UUID }
func (r *TopicRef) DisplayName() string      { return r.Name }
func (r *GlobalRef) Kind() AssetKind         { return AssetGlobal }
func (r *GlobalRef) Identity() string        { return r.Key }
func (r *GlobalRef) DisplayName() string     { return r.Name }
func (r *UserRef) Kind() AssetKind           { return AssetUser }
func (r *UserRef) DisplayName() string       { return r.Name }

// Identity is the user's UUID, or the email older flows name users by.
func (r *UserRef) Identity() string {
	if r.UUID != "" {
		return r.UUID
	}
	return r.Email
}

// ResthookSlug names a resthook by slug. Actions write the bare slug as a string; giving it a type
// of its own lets the asset checks find it like every other reference.
type ResthookSlug string

func (r ResthookSlug) Kind() AssetKind     { return AssetResthook }
func (r ResthookSlug) Identity() string    { return string(r) }
func (r ResthookSlug) DisplayName() string { return "" }

// ContactRef names a contact (in start_session and send_broadcast). Contacts are not assets, so
// it is not an AssetRef: the contacts live in the workspace, not in any file flowctl reads.
type ContactRef struct {
	UUID string `json:"uuid" validate:"required,uuid"`
	Name string `json:"name,omitempty" validate:"max=128"`
}
