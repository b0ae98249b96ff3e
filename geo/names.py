"""Display names of states (ISO 3166-1 alpha-3) for human-readable output."""

from __future__ import annotations

__all__ = ["country_name", "possessive", "adjective"]

_NAMES = {
    "JPN": ("Japan", "Japanese"),
    "KOR": ("South Korea", "South Korean"),
    "PRK": ("North Korea", "North Korean"),
    "CHN": ("China", "Chinese"),
    "TWN": ("Taiwan", "Taiwanese"),
    "RUS": ("Russia", "Russian"),
    "PHL": ("the Philippines", "Philippine"),
    "USA": ("the United States", "US"),
    "PLW": ("Palau", "Palauan"),
    "FSM": ("Micronesia", "Micronesian"),
    "VNM": ("Vietnam", "Vietnamese"),
    "IDN": ("Indonesia", "Indonesian"),
    "MYS": ("Malaysia", "Malaysian"),
    "MHL": ("the Marshall Islands", "Marshallese"),
    "PNG": ("Papua New Guinea", "Papua New Guinean"),
    "AUS": ("Australia", "Australian"),
    "GUM": ("Guam", "Guamanian"),
    "MNP": ("the Northern Mariana Islands", "Northern Mariana"),
}


def country_name(iso3: str) -> str:
    return _NAMES.get(iso3, (iso3, iso3))[0]


def possessive(iso3: str) -> str:
    """"Japan's", "the Philippines'"."""
    name = country_name(iso3)
    return name + ("'" if name.endswith("s") else "'s")


def adjective(iso3: str) -> str:
    return _NAMES.get(iso3, (iso3, iso3))[1]
