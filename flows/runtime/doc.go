// Package runtime holds the state a flow run works on and reports about: the contact, its URNs
// and field values, the environment, and the events the engine and the actions emit. It lives
// apart from the engine so that action types (package actions) can execute against it without
// importing the engine, which itself imports the actions.
package runtime
