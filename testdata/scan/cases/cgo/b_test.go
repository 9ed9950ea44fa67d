package a
import ("C"; "testing")
