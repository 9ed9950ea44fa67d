#!/bin/sh
# Makes the test-only certificates of the direct-mode HTTPS server
# (test/support/https-git-server.js): a test CA, a server certificate it signs for the
# host names the scenarios use, and a self-signed certificate no CA vouches for (the
# GOINSECURE scenarios). Valid for 100 years; the keys protect nothing. Run from this
# directory: sh make-certs.sh
set -e
days=36500
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days $days -subj "/CN=gotidy-ts test CA" \
  -keyout ca.key -out ca.pem -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=git.corp.example" -keyout server.key -out server.csr
cat > server.ext <<'X'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:git.corp.example,DNS:*.corp.example,DNS:corp.example,DNS:example.org,DNS:*.example.org,DNS:example.com,DNS:*.example.com,IP:127.0.0.1
X
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days $days -sha256 -extfile server.ext -out server.pem
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days $days -subj "/CN=self-signed.corp.example" \
  -keyout self-signed.key -out self-signed.pem -addext "subjectAltName=DNS:*.corp.example,DNS:*.example.org,DNS:*.example.com"
rm -f server.csr server.ext ca.srl ca.key  # the CA signs nothing else
