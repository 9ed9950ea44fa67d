// Package doc has no clause.
