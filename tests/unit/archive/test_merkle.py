"""The Merkle log against RFC 6962/9162 test vectors and an independent implementation."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from services.archive.domain import merkle

# The eight leaves and roots used by the Certificate Transparency reference implementations.
LEAVES = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43", bytes(range(0x50, 0x58)),
          bytes(range(0x60, 0x70))]
ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
INCLUSION = {  # (leaf index, tree size) -> path
    (0, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
}
CONSISTENCY = {  # (old size, new size) -> proof
    (1, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (6, 8): ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    (2, 5): ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
}


def naive_mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 2.1.1 written directly over the list, independent of the module's node store."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + naive_mth(leaves[:k]) + naive_mth(leaves[k:])).digest()


def tree(leaves: list[bytes]) -> merkle.ListNodes:
    return merkle.ListNodes([merkle.leaf_hash(x) for x in leaves])


def test_roots_match_the_reference_vectors() -> None:
    t = tree(LEAVES)
    assert {n: t.root(n).hex() for n in ROOTS} == ROOTS
    assert merkle.root(t, 0) == hashlib.sha256(b"").digest()


def test_inclusion_and_consistency_proofs_match_the_reference_vectors() -> None:
    t = tree(LEAVES)
    for (index, size), path in INCLUSION.items():
        proof = merkle.inclusion_proof(t, index, size)
        assert [p.hex() for p in proof] == path
        assert merkle.verify_inclusion(merkle.leaf_hash(LEAVES[index]), index, size, proof, t.root(size))
    for (old, new), path in CONSISTENCY.items():
        proof = merkle.consistency_proof(t, old, new)
        assert [p.hex() for p in proof] == path
        assert merkle.verify_consistency(old, new, t.root(old), t.root(new), proof)


def test_tampered_proofs_are_refused() -> None:
    t = tree(LEAVES)
    proof = merkle.inclusion_proof(t, 3, 8)
    assert not merkle.verify_inclusion(merkle.leaf_hash(b"other"), 3, 8, proof, t.root(8))
    assert not merkle.verify_inclusion(merkle.leaf_hash(LEAVES[3]), 2, 8, proof, t.root(8))
    cons = merkle.consistency_proof(t, 3, 7)
    assert not merkle.verify_consistency(3, 7, t.root(4), t.root(7), cons)
    assert not merkle.verify_consistency(3, 7, t.root(3), t.root(7), cons[:-1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=8), min_size=1, max_size=40), st.data())
def test_every_proof_verifies_against_an_independent_root(leaves: list[bytes], data: st.DataObject) -> None:
    t = tree(leaves)
    n = len(leaves)
    assert t.root(n) == naive_mth(leaves)
    index = data.draw(st.integers(0, n - 1))
    size = data.draw(st.integers(index + 1, n))
    proof = merkle.inclusion_proof(t, index, size)
    assert merkle.verify_inclusion(merkle.leaf_hash(leaves[index]), index, size, proof, naive_mth(leaves[:size]))
    old = data.draw(st.integers(1, n))
    cons = merkle.consistency_proof(t, old, n)
    assert merkle.verify_consistency(old, n, naive_mth(leaves[:old]), naive_mth(leaves), cons)


def test_the_frontier_gives_the_reference_root_at_every_size() -> None:
    """verify's bounded-memory tree: the RFC's vector roots, and an independent MTH up to 70 leaves."""
    frontier = merkle.Frontier()
    assert frontier.root() == merkle.EMPTY_ROOT
    leaves = LEAVES + [bytes([n]) * 3 for n in range(62)]
    for n, leaf in enumerate(leaves, start=1):
        frontier.append(merkle.leaf_hash(leaf))
        if n in ROOTS:
            assert frontier.root().hex() == ROOTS[n]
        assert frontier.root() == naive_mth(leaves[:n])
    assert frontier.size == 70 and len(frontier.edge) == bin(70).count("1")
