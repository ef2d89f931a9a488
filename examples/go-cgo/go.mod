module example.com/go-cgo

go 1.26

toolchain go1.26.8
