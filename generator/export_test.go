package generator

// Update lets the external test package (generator_test) share the one
// -update flag: a flag registered twice in one test binary panics.
var Update = update
