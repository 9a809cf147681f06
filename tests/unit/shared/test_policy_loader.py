from pathlib import Path

import pytest

from shared.policy import PolicyError, available_packs, load_pack
from shared.policy.loader import load_pack_file, parse_pack


def test_the_five_municipalities_ship_with_valid_packs() -> None:
    assert available_packs() == ["eskilstuna", "knivsta", "lidkoping", "nybro", "pitea"]
    assert load_pack("pitea").municipality == "Piteå kommun"
    assert load_pack("knivsta").timezone == "Europe/Stockholm"


def test_unknown_field_names_file_line_and_field() -> None:
    text = "name: testpack\nmunicipality: Test\nsource:\n  title: T\n  adoptd: 2020\n"
    with pytest.raises(PolicyError) as err:
        parse_pack(text, source="packs/testpack.yaml")
    assert "packs/testpack.yaml:5: field 'source.adoptd'" in str(err.value)


def test_missing_required_field_is_named() -> None:
    with pytest.raises(PolicyError, match="field 'source'"):
        parse_pack("name: testpack\nmunicipality: Test\n", source="p.yaml")


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(PolicyError, match=r"p.yaml:3: not valid YAML"):
        parse_pack("name: x1\nmunicipality: [\nsource: {", source="p.yaml")


def test_unknown_pack_lists_the_known_ones() -> None:
    with pytest.raises(PolicyError, match=r"no policy pack named 'stockholm'.*knivsta"):
        load_pack("stockholm")


def test_unreadable_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read policy pack"):
        load_pack_file(tmp_path / "missing.yaml")
