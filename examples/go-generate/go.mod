module example.com/go-generate

go 1.26.8
