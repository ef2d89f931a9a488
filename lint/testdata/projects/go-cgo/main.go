// cgoapp serves a page rendered from templates/ and calls into C.
package main

/*
int answer(void) { return 42; }
*/
import "C"

import (
	"html/template"
	"log"
	"net/http"
)

func main() {
	page := template.Must(template.ParseGlob("templates/*.html"))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		page.Execute(w, int(C.answer()))
	})
	log.Fatal(http.ListenAndServe(":8081", nil))
}
