// server answers GET / with the library's greeting.
package main

import (
	"fmt"
	"log"
	"net/http"

	gocmd "example.com/go-cmd"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, gocmd.Message(r.URL.Query().Get("name")))
	})
	log.Println("listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
