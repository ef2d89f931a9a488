// go-generate is a small HTTP service whose Dockerfile is produced by
// `go generate`: stagecraft reads .stagecraft.yaml (written once by
// `stagecraft init`), asks nothing, and rewrites nothing that is current.
//
// The stagecraft version is pinned in tools.mod, a module file of its own,
// so the service's go.mod (and its Docker build) never sees the tool.
//
//go:generate go run -modfile=tools.mod github.com/stagecraft/stagecraft/cmd/stagecraft generate
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello from go-generate")
	})
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	log.Print("listening on :8080")
	if err := http.ListenAndServe(":8080", nil); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}
