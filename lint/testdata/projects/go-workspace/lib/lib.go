package lib

// Greeting is what the api prints.
func Greeting() string { return "hello" }
