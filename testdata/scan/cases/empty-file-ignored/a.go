//go:build ignore
