"""The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1.

Leaf hash SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ left ‖ right). Trees are not
held in memory: every function takes `node(level, index)`, the hash of the complete,
aligned subtree holding leaves [index·2^level, (index+1)·2^level). The store keeps
those; `ListNodes` computes them from a list (for tests and `verify`).

The proof algorithms follow RFC 9162 2.1.3.1 (PATH) and 2.1.4.1 (SUBPROOF); the
verifiers follow 2.1.3.2 and 2.1.4.2, which are written differently on purpose (bit
arithmetic instead of recursion), so one checks the other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

NodeGetter = Callable[[int, int], bytes]

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree_root(node: NodeGetter, start: int, end: int) -> bytes:
    """MTH(D[start:end]); `start` is a multiple of the largest power of two ≤ end-start."""
    n = end - start
    if n <= 0:
        return EMPTY_ROOT
    if n & (n - 1) == 0 and start % n == 0:
        return node(n.bit_length() - 1, start // n)
    k = _split(n)
    return node_hash(subtree_root(node, start, start + k), subtree_root(node, start + k, end))


def root(node: NodeGetter, size: int) -> bytes:
    return subtree_root(node, 0, size)


def inclusion_proof(node: NodeGetter, index: int, size: int) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 2.1.3.1."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")

    def path(m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n <= 1:
            return []
        k = _split(n)
        if m < k:
            return [*path(m, start, start + k), subtree_root(node, start + k, end)]
        return [*path(m - k, start + k, end), subtree_root(node, start, start + k)]

    return path(index, 0, size)


def consistency_proof(node: NodeGetter, old_size: int, new_size: int) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 2.1.4.1."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from {old_size} to {new_size}")

    def subproof(m: int, start: int, end: int, whole: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if whole else [subtree_root(node, start, end)]
        k = _split(n)
        if m <= k:
            return [*subproof(m, start, start + k, whole), subtree_root(node, start + k, end)]
        return [*subproof(m - k, start + k, end, False), subtree_root(node, start, start + k)]

    return subproof(old_size, 0, new_size, True)


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes) -> bool:
    """RFC 9162 2.1.3.2, with `leaf` the leaf hash."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 2.1.4.2."""
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0 or old_size > new_size or not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # old tree is a complete subtree: prepend its root
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


def completed_nodes(index: int, leaf: bytes, node: NodeGetter) -> list[tuple[int, int, bytes]]:
    """Appending leaf hash `leaf` at `index`: the (level, index, hash) of every complete
    subtree this completes, the leaf itself first. `node` returns earlier subtrees."""
    out = [(0, index, leaf)]
    level, i, h = 0, index, leaf
    while i & 1:  # a right child: its left sibling is complete, so is the parent
        h = node_hash(node(level, i - 1), h)
        level, i = level + 1, i >> 1
        out.append((level, i, h))
    return out


class ListNodes:
    """Subtree hashes over an in-memory list of leaf hashes (cached), for tests and verify."""

    def __init__(self, leaves: Sequence[bytes] = ()) -> None:
        self.nodes: dict[tuple[int, int], bytes] = {}
        self.size = 0
        for leaf in leaves:
            self.append(leaf)

    def append(self, leaf: bytes) -> None:
        for level, i, h in completed_nodes(self.size, leaf, self):
            self.nodes[(level, i)] = h
        self.size += 1

    def __call__(self, level: int, index: int) -> bytes:
        return self.nodes[(level, index)]

    def root(self, size: int | None = None) -> bytes:
        return root(self, self.size if size is None else size)


class Frontier:
    """The right edge of a growing tree (one complete subtree per set bit of its size):
    the root at every size in O(log n) memory, for `verify` over millions of leaves."""

    def __init__(self) -> None:
        self.edge: list[tuple[int, bytes]] = []  # (level, hash), levels strictly decreasing
        self.size = 0

    def append(self, leaf: bytes) -> None:
        level, h = 0, leaf
        while self.edge and self.edge[-1][0] == level:
            h = node_hash(self.edge.pop()[1], h)
            level += 1
        self.edge.append((level, h))
        self.size += 1

    def root(self) -> bytes:
        """MTH of the leaves so far: the largest complete subtree on the left, recursively."""
        if not self.edge:
            return EMPTY_ROOT
        h = self.edge[-1][1]
        for _, left in reversed(self.edge[:-1]):
            h = node_hash(left, h)
        return h
