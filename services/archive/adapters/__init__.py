"""Archive's stores, its log, signing and the channels out (E-ARK packages, records systems, registry's pages)."""
