package main

import (
	"fmt"

	"example.com/ws/lib"
)

func main() { fmt.Println(lib.Greeting()) }
