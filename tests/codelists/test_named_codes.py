"""Every code value the product's logic names (``ijw.codelists.codes``) is in its code list in
``codelijsten/`` with the meaning its name says, and is named once."""

from __future__ import annotations

from ijw.codelists import codes, load_codelists


def test_named_codes_are_in_their_lists_with_their_meaning() -> None:
    lists = load_codelists()
    for name, (lijst, code, word) in codes.NAMED.items():
        description = lists.description(lijst, code)
        assert description is not None and word in description.lower(), (name, lijst, code, description)
        assert getattr(codes, name) == code


def test_each_code_is_named_once() -> None:
    pairs = [(lijst, code) for lijst, code, _ in codes.NAMED.values()]
    assert len(pairs) == len(set(pairs))
