module example.com/ws/api

go 1.23

require example.com/ws/lib v0.0.0
