"""Policy packs: one YAML file a municipality, validated on load.

Each top-level section is owned by the service that enforces it (see
`shared/policy/model.py`); every service loads the whole pack and reads its part.
"""

from .loader import PolicyError, available_packs, load_pack
from .model import PolicyPack

__all__ = ["PolicyError", "PolicyPack", "available_packs", "load_pack"]
