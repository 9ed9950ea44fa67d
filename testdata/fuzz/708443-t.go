0
example.ï¿½com/fork v1.5.0 h1:7/s5xKrl3k71VQ5HiN64xgDKdefaultAxoaXAfHZzþ1RY3/rCY=
example.øom/fork v1.5.0/go.mod=> h1:DhNAN5ESgofBjUyC9S2g6VCJUhcIDhtNzG+3JuOOhyg=
