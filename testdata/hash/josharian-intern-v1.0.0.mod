module github.com/josharian/intern

go 1.5
