1
go: errors parsing go.mod:
go.mod:1:15: unexpected input character '\U000324d5'