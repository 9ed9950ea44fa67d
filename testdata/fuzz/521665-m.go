1
go: errors parsing go.mod:
go.mod:3:6: unexpected input character '\U0001e5d8'