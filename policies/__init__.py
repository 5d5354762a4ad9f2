"""Vigile's policy engine: Amazon Buyer-Seller Messaging rules as a pure library.

Parsed message and context in, one decision out. This package never imports `gateway`
and never touches the network or the disk, except to read its own data files.
"""
