// Command stagecraft writes production-grade multi-stage Dockerfiles.
package main

import (
	"os"

	"github.com/stagecraft/stagecraft/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.System()))
}
