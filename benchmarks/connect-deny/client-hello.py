#!/usr/bin/env python3
"""Writes a real TLS ClientHello (Python's ssl module, OpenSSL's defaults) for a server name to standard output,
for refusals.c's request: python3 client-hello.py blocked.example > hello.bin"""
import ssl
import sys

ctx = ssl.create_default_context()
incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
conn = ctx.wrap_bio(incoming, outgoing, server_hostname=sys.argv[1])
try:
    conn.do_handshake()
except ssl.SSLWantReadError:
    pass
sys.stdout.buffer.write(outgoing.read())
