1
go: errors parsing go.mod:
go.mod:1:12: unexpected input character '\ufbce'