// go-cgo is a small HTTP service that calls a C function through cgo, so
// its binary links against the C library and needs a glibc runtime image.
package main

/*
static int add(int a, int b) { return a + b; }
*/
import "C"

import (
	"fmt"
	"log"
	"net/http"
)

const greeting = "hello from go-cgo"

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s: 2+3=%d from C\n", greeting, int(C.add(2, 3)))
	})
	log.Println("listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
