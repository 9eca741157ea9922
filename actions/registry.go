// Package actions implements every action type of the goflow spec, one file per type. Each type
// registers itself with RegisterType so that the reader, the checks, the engine and the generated
// docs find it by name.
package actions

import (
	"fmt"
	"sort"
	"sync"

	"github.com/flowctl/flowctl/flows"
)

// Constructor returns a new zero action of one type, ready to be decoded into.
type Constructor func() flows.Action

var (
	registryMu sync.RWMutex
	registry   = map[string]Constructor{}
)

// RegisterType makes an action type known by name. Registering a name twice panics: it is a
// programming error, caught at start-up.
func RegisterType(name string, c Constructor) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic(fmt.Sprintf("actions: type %q registered twice", name))
	}
	registry[name] = c
}

// Lookup returns the constructor of the named type.
func Lookup(name string) (Constructor, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	c, ok := registry[name]
	return c, ok
}

// Types returns the names of all registered types, sorted.
func Types() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// base holds what every action has: its type name and UUID.
type base struct {
	Type_ string `json:"type" validate:"required"`
	UUID_ string `json:"uuid" validate:"required,uuid"`
}

func newBase(typ string) base { return base{Type_: typ} }

// Type returns the action's type name.
func (a *base) Type() string { return a.Type_ }

// UUID returns the action's UUID.
func (a *base) UUID() string { return a.UUID_ }
