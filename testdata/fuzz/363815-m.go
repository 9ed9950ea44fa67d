1
go: errors parsing go.mod:
go.mod:1:18: unexpected input character '\U00013600'