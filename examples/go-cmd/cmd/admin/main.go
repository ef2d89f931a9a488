// admin is the module's second command: it prints the greeting the server
// would answer, for operators.
package main

import (
	"flag"
	"fmt"

	gocmd "example.com/go-cmd"
)

func main() {
	who := flag.String("name", "", "who to greet")
	flag.Parse()
	fmt.Println(gocmd.Message(*who))
}
