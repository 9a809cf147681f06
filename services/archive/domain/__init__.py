"""Pure archive rules: no I/O. Split by concern:

- `records`: record ids, version content, canonical JSON and digests, log leaves
- `folding`: Swedish-aware search terms (case/diacritics folding, word prefixes)
- `merkle`: the RFC 9162 Merkle tree (hashes, inclusion and consistency proofs)
- `rules`: registration and retention (culling) decisions from the policy pack
- `redaction`: spans pre-marked for redaction before disclosure
"""

from .records import record_id

__all__ = ["record_id"]
