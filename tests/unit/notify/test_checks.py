from services.notify.domain.checks import check_draft, lix, post_text
from shared.contracts.notify import BroadcastContent, Translation

LIMITS = {"x": 280, "facebook": 63206, "instagram": 2200}


def content(**overrides) -> BroadcastContent:
    return BroadcastContent(
        **({"title": "Inget vatten", "body": "Vattnet är avstängt i Alsike. Vi lagar felet nu."} | overrides)
    )


def test_lix_is_words_per_sentence_plus_percent_long_words() -> None:
    # 10 words, 2 sentences, 2 long words (> 6 letters): 10/2 + 100*2/10 = 25
    assert lix("Vi har inget vatten idag. Kommunen arbetar med felet nu.") == 5 + 20
    assert lix("") == 0


def test_readable_text_passes_and_hard_text_warns() -> None:
    assert check_draft(content(), platforms=["x"], limits=LIMITS, lix_threshold=40, languages=["sv"]).warnings == []
    hard = content(body="Dricksvattenförsörjningen är avbruten beroende på ledningsbrott i distributionsnätet.")
    result = check_draft(hard, platforms=["x"], limits=LIMITS, lix_threshold=40, languages=["sv"])
    assert result.lix > 40 and "LIX" in result.warnings[0]
    assert result.errors == []


def test_an_image_needs_alt_text() -> None:
    result = check_draft(
        content(image_url="https://www.knivsta.se/karta.png"),
        platforms=[],
        limits=LIMITS,
        lix_threshold=40,
        languages=["sv"],
    )
    assert any("alternativtext" in e for e in result.errors)
    with_alt = content(image_url="https://www.knivsta.se/karta.png", image_alt_text="Karta över Alsike.")
    assert check_draft(with_alt, platforms=[], limits=LIMITS, lix_threshold=40, languages=["sv"]).errors == []


def test_too_long_for_a_platform_is_an_error_unless_a_short_text_fits() -> None:
    long = content(body="Vi lagar felet. " * 40)
    result = check_draft(long, platforms=["x", "facebook"], limits=LIMITS, lix_threshold=40, languages=["sv"])
    assert any("för lång för x" in e for e in result.errors)
    assert result.lengths["facebook"] > 280
    short = content(body="Vi lagar felet. " * 40, short_text="Inget vatten i Alsike.")
    result = check_draft(short, platforms=["x"], limits=LIMITS, lix_threshold=40, languages=["sv"])
    assert result.errors == [] and result.lengths["x"] == len("Inget vatten i Alsike.")


def test_post_text_adds_prefix_links_and_translations_that_fit() -> None:
    c = content(
        links=[{"url": "https://www.knivsta.se/kris"}],
        translations=[Translation(language="en", title="No water", body="The water is off in Alsike.")],
    )
    text = post_text(c, platform="facebook", limit=63206, prefix="UPPDATERING: ")
    assert text.startswith("UPPDATERING: Inget vatten")
    assert "https://www.knivsta.se/kris" in text and "[en] No water" in text
    assert "[en]" not in post_text(c, platform="x", limit=110)


def test_languages_outside_the_pack_are_refused() -> None:
    c = content(translations=[Translation(language="fi", title="Ei vettä", body="Vesi on poikki.")])
    result = check_draft(c, platforms=[], limits=LIMITS, lix_threshold=40, languages=["sv", "en"])
    assert any("'fi'" in e for e in result.errors)


def test_platforms_that_cannot_take_the_post_are_warned_about() -> None:
    result = check_draft(
        content(), platforms=["youtube", "instagram", "facebook"], limits=LIMITS, lix_threshold=40, languages=["sv"]
    )
    assert any("youtube" in w for w in result.warnings)
    assert any("Instagram" in w for w in result.warnings)
    assert "youtube" not in result.lengths
    with_default = check_draft(
        content(), platforms=["instagram"], limits=LIMITS, lix_threshold=40, languages=["sv"], default_image=True
    )
    assert with_default.warnings == []


def _pack_checks(pack_name: str, content):
    from services.notify.domain.checks import check_draft
    from shared.policy import load_pack

    notify = load_pack(pack_name).notify
    return check_draft(content, platforms=["facebook"], limits=notify.length_limits,
                       lix_threshold=notify.lix_warning_threshold, languages=notify.languages,
                       consent_required=notify.media_consent_required, privacy_check=notify.privacy_check)


def test_eskilstuna_needs_consent_confirmed_before_an_image_is_published() -> None:
    # L82: the creator's permission, identifiable people's consent, guardians' for children.
    from shared.contracts.notify import BroadcastContent, MediaConsent

    image = {"title": "Översvämning", "body": "Undvik Hamngatan.", "image_url": "https://eskilstuna.se/b.jpg",
             "image_alt_text": "Vatten över gatan"}
    refused = _pack_checks("eskilstuna", BroadcastContent(**image))
    assert any("upphovspersonens tillstånd" in e and "vårdnadshavares samtycke för barn" in e for e in refused.errors)
    partly = _pack_checks("eskilstuna", BroadcastContent(**image, image_consent=MediaConsent(creator_permission=True)))
    assert any("samtycke från igenkännbara personer" in e and "upphovspersonens" not in e for e in partly.errors)
    confirmed = _pack_checks("eskilstuna", BroadcastContent(**image, image_consent=MediaConsent(
        creator_permission=True, identifiable_people=True, guardians_for_children=True)))
    assert confirmed.errors == []
    assert _pack_checks("knivsta", BroadcastContent(**image)).errors == []  # Knivsta's document asks nothing


def test_pitea_and_nybro_check_their_own_text_for_personal_and_confidential_data() -> None:
    # Piteå L74, Nybro L94: "sekretessbelagda uppgifter får inte publiceras".
    from shared.contracts.notify import BroadcastContent

    leak = BroadcastContent(title="Evakuering", body="Familjen med personnummer 811218-9876 har placerats enligt LVU.")
    for name in ("pitea", "nybro"):
        checks = _pack_checks(name, leak)
        assert any("personnummer" in e for e in checks.errors), name
        assert any("sekretessbelagda uppgifter" in w and "lvu" in w for w in checks.warnings), name
    clean = BroadcastContent(title="Vattenläcka", body="Koka vattnet i Torshälla. Ring 016-710 10 00 vid frågor.")
    assert _pack_checks("pitea", clean).errors == [] and not _pack_checks("pitea", clean).warnings
    assert _pack_checks("knivsta", leak).errors == []  # opt-in: Knivsta's pack does not ask for it
