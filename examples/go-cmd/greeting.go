// Package gocmd is the library shared by this module's commands: the
// server answers HTTP with it, the admin tool prints it.
package gocmd

import "fmt"

// Greeting is what GET / answers.
const Greeting = "hello from go-cmd"

// Message is the greeting addressed to who (everyone when empty).
func Message(who string) string {
	if who == "" {
		return Greeting
	}
	return fmt.Sprintf("%s, %s", Greeting, who)
}
