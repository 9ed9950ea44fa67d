//go:build ignore

package main

import "ignored/import"
