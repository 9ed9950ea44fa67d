1
go: errors parsing go.mod:
go.mod:5:19: unexpected input character '\u1ae4'