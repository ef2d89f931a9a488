// go-api is a small HTTP service: GET / answers with a greeting and a
// request id from a module dependency.
package main

import (
	"fmt"
	"log"
	"net/http"

	"github.com/google/uuid"
)

const greeting = "hello from go-api"

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", uuid.NewString())
		fmt.Fprintln(w, greeting)
	})
	log.Println("listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
