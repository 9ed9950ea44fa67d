0
module example.com/m

go 1.21

exclude (
	example.com/a v1.9.0
	example.com/a v1.10.0
	example.com/a v1.2.0-e.com/a v1.2.0
)
