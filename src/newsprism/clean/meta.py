"""Metadata found in scraped text: dates, bylines, datelines, outlet signatures and domains."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

# Well-known news domains -> the outlet's usual name. Anything else gets a readable name
# made from the domain (``_domain_name``).
DOMAIN_OUTLETS: dict[str, str] = {
    "cnn.com": "CNN", "reuters.com": "Reuters", "apnews.com": "Associated Press",
    "aljazeera.com": "Al Jazeera", "aljazeera.net": "Al Jazeera", "bbc.com": "BBC News",
    "bbc.co.uk": "BBC News", "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post",
    "washingtontimes.com": "The Washington Times", "wsj.com": "The Wall Street Journal",
    "foxnews.com": "Fox News", "nbcnews.com": "NBC News", "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News", "npr.org": "NPR", "politico.com": "Politico", "thehill.com": "The Hill",
    "usatoday.com": "USA Today", "theguardian.com": "The Guardian", "newsweek.com": "Newsweek",
    "oann.com": "One America News Network", "bloomberg.com": "Bloomberg", "vox.com": "Vox",
    "breitbart.com": "Breitbart News", "nationalreview.com": "National Review", "townhall.com": "Townhall",
    "csmonitor.com": "The Christian Science Monitor", "salon.com": "Salon", "reason.com": "Reason",
    "newsmax.com": "Newsmax", "dailycaller.com": "The Daily Caller", "thedailybeast.com": "The Daily Beast",
    "theatlantic.com": "The Atlantic", "nypost.com": "New York Post", "time.com": "Time",
    "latimes.com": "Los Angeles Times", "theblaze.com": "TheBlaze", "cbn.com": "CBN News",
    "afp.com": "AFP", "france24.com": "France 24", "dw.com": "DW", "news-pressnow.com": "News-Press Now",
    "newspressnow.com": "News-Press Now", "dawn.com": "Dawn", "tribune.com.pk": "The Express Tribune",
    "huffpost.com": "HuffPost", "huffingtonpost.com": "HuffPost", "msnbc.com": "MSNBC",
    "axios.com": "Axios", "vanityfair.com": "Vanity Fair", "businessinsider.com": "Business Insider",
    "dailywire.com": "The Daily Wire", "motherjones.com": "Mother Jones", "theintercept.com": "The Intercept",
    "propublica.org": "ProPublica", "economist.com": "The Economist", "ft.com": "Financial Times",
    "independent.co.uk": "The Independent", "telegraph.co.uk": "The Telegraph", "tass.com": "TASS",
    "kyivindependent.com": "The Kyiv Independent", "yahoo.com": "Yahoo News", "msn.com": "MSN",
    "spectator.org": "The American Spectator", "spectator.co.uk": "The Spectator", "dailykos.com": "Daily Kos",
    "mediamatters.org": "Media Matters", "slate.com": "Slate", "suntimes.com": "Chicago Sun-Times",
    "democracynow.org": "Democracy Now", "marketwatch.com": "MarketWatch", "cnbc.com": "CNBC",
    "theflipside.io": "The Flip Side", "washingtonexaminer.com": "Washington Examiner", "pbs.org": "PBS",
    "foxbusiness.com": "Fox Business", "nationalpost.com": "National Post",
    "chicagotribune.com": "Chicago Tribune", "bostonglobe.com": "The Boston Globe", "sfchronicle.com": "San Francisco Chronicle",
    "forbes.com": "Forbes", "fortune.com": "Fortune", "theweek.com": "The Week",
    "newyorker.com": "The New Yorker", "rt.com": "RT", "scmp.com": "South China Morning Post",
}

# Names outlets sign with (in datelines, staff bylines, copyright lines) -> the outlet name.
# Keys are lower case.
SIGNATURE_OUTLETS: dict[str, str] = {
    "cnn": "CNN", "cable news network": "CNN", "reuters": "Reuters", "thomson reuters": "Reuters",
    "ap": "Associated Press", "the associated press": "Associated Press", "associated press": "Associated Press",
    "afp": "AFP", "agence france-presse": "AFP", "oan": "One America News Network",
    "one america news": "One America News Network", "one america news network": "One America News Network",
    "newsweek": "Newsweek", "al jazeera": "Al Jazeera", "bloomberg": "Bloomberg", "fox news": "Fox News",
    "npr": "NPR", "the washington times": "The Washington Times", "washington times": "The Washington Times",
    "the new york times": "The New York Times", "the new york times company": "The New York Times",
    "the washington post": "The Washington Post", "bbc": "BBC News", "politico": "Politico",
    "the hill": "The Hill", "usa today": "USA Today", "the guardian": "The Guardian",
    "guardian news & media limited": "The Guardian", "national review": "National Review",
    "the daily caller news foundation": "The Daily Caller", "the daily caller": "The Daily Caller",
    "breitbart": "Breitbart News", "newsmax": "Newsmax", "newsmax media, inc.": "Newsmax",
    "the christian science monitor": "The Christian Science Monitor", "vox": "Vox",
    "vox media": "Vox", "cbs news": "CBS News", "nbc news": "NBC News", "abc news": "ABC News",
    "tass": "TASS", "dow jones & company, inc.": "The Wall Street Journal", "npr.": "NPR",
    "the atlantic": "The Atlantic", "time": "Time", "cbn": "CBN News", "los angeles times": "Los Angeles Times",
}

# Signatures are short; longer strings are never looked up (keeps the suffix regexes cheap).
MAX_SIGNATURE_CHARS = 80

# Wire services: their credits are recorded as Evidence(field="wire"), and they become the
# outlet only when nothing else names one.
WIRE_NAMES = frozenset({"Associated Press", "Reuters", "AFP", "CNN Newsource", "TASS", "Bloomberg"})

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# Spanish month names (the demo corpus and many wire sites in Spanish write "11 de marzo de 2026").
_MONTH_ES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
_MONTHS_ES = {name: i for i, name in enumerate(
    ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
     "diciembre"), start=1)} | {"setiembre": 9}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan",), ("feb",), ("mar",), ("apr",), ("may",), ("jun",), ("jul",), ("aug",), ("sep",), ("oct",),
         ("nov",), ("dec",)),
        start=1,
    )
    for name in names
}
DATE = re.compile(
    rf"(?P<iso>(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d))(?:[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?"
    rf"|(?P<mdy>(?P<m2>{_MONTH})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d))"
    rf"|(?P<dmy>(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m3>{_MONTH})\.?,?\s+(?P<y3>(?:19|20)\d\d))"
    rf"|(?P<slash>(?P<m4>[01]?\d)/(?P<d4>[0-3]?\d)/(?P<y4>(?:19|20)\d\d))"
    rf"|(?P<es>(?P<d5>[0-3]?\d) de (?P<m5>{_MONTH_ES}) de (?P<y5>(?:19|20)\d\d))",
    re.IGNORECASE,
)
_TIME = r"\d{1,2}(?::\d\d){1,2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\.?"
_DATE_WORDS = re.compile(
    rf"\b(?:{_TIME}|{_WEEKDAY}|publicado|actualizado|first published|last updated|published|updated|posted|modified|"
    r"edited|revised|time|date|on|at|"
    r"[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|IST|AEST|local time)\b",
    re.IGNORECASE,
)
# A prefix such as "date 2025-09-05 " or "Published On 5 Sep 2025 | " before body text.
DATE_PREFIX = re.compile(
    rf"^(?:(?:date|published(?: on)?|updated|posted|first published(?: on)?)\s*:?\s*)"
    rf"(?:{_WEEKDAY},?\s*)?(?P<date>{DATE.pattern})(?:\s*(?:at\s*)?(?:{_TIME})(?:\s*[ECMP][SD]?T|\s*GMT)?)?\s*[|:,–—-]?\s*",
    re.IGNORECASE,
)

_NAME = r"[A-Z][\w'’.-]{0,30}(?:\s+(?:[A-Z][\w'’.-]{0,30}|de|van|von|da|del|bin|al|la|le)){0,4}"
BYLINE = re.compile(
    rf"^(?:By|BY|Por|Par|Von):?\s+(?P<names>{_NAME}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_NAME}){{0,5}})"
    rf"(?:\s*(?:,|\||—|–|-|\bfor\b)\s*(?P<outlet>[A-Z][\w.&' -]{{1,50}}))?\s*$"
)
STAFF_BYLINE = re.compile(rf"^(?P<outlet>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){{0,3}}) Staff(?:\s+(?P<names>{_NAME}))?$")
BY_STAFF = re.compile(r"^By\s+(?:the\s+)?(?P<outlet>[A-Z][\w.&' -]{1,40}?)\s+(?:Staff|Editorial Board|Wire Services?)\s*$")
# "WASHINGTON (Reuters) -", "KYIV, Ukraine (AP) —", "(CNN) —", "MOSCOW:", "PARIS —".
_PLACE = (
    r"[A-Z][A-Z.'’-]{1,30}(?: [A-Z][A-Z.'’-]{1,30}){0,3}(?:,\s*[A-Z][A-Za-z.]{1,30}(?:\s[A-Z][A-Za-z.]{1,30}){0,2})?"
    r"(?:,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?"
)
DATELINE_SIGNED = re.compile(
    rf"^(?P<place>{_PLACE})?\s*\((?P<outlet>[A-Z][A-Za-z .&]{{1,30}}?)\)\s*[-—–]+\s*(?=\S)"
)
DATELINE_PLACE = re.compile(rf"^(?P<place>{_PLACE})\s*(?::|\s[-—–]{{1,2}})\s+(?=[A-Z“\"‘'0-9])")
COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:by\s+)?(?P<holder>[A-Z][\w.&,' -]{1,60}?)"
    r"(?:,?\s*(?:Inc|LLC|Ltd|plc)\.?)?(?:\.|,|\s+a\s|\s+All\b|$)",
    re.IGNORECASE,
)
WIRE_CREDIT = re.compile(
    r"\((?P<paren>AP|Reuters|AFP|CNN)\)|\b(?P<contrib>The Associated Press|Associated Press|Reuters|AFP|"
    r"Agence France-Presse)\b(?= contributed| writers?\b| reporters?\b)|^Contributing: (?P<contributing>.+)$|"
    r"^(?P<footer>The-CNN-Wire|CNN Newsource|Associated Press|Reuters|AFP)$",
    re.IGNORECASE,
)


# Words that make an unknown name read as a news outlet ("Coastline Herald") rather than a
# person or a syndicate; syndicates and agencies that license columns are not outlets.
_OUTLET_WORD = re.compile(
    r"(?i)\b(?:Heraldo|Diario|Periódico|Zeitung|Corriere|Gazzetta|Herald|Ledger|Sentinel|Beacon|Globe|Mail|Voice|Argus|Leader|Citizen|Times|News|Post|Press|Journal|Tribune|Gazette|Daily|Radio|TV|Television|Network|Magazine|"
    r"Monitor|Review|Chronicle|Courier|Observer|Telegraph|Guardian|Independent|Standard|Star|Sun|Mirror|"
    r"Express|Examiner|Inquirer|Dispatch|Register|Bulletin|Record|Reporter|Media|Broadcasting|Wire)\b"
)
_NOT_OUTLET = re.compile(r"\b(?:Syndicate|Creators|Features|Agency|Content|Staff Writer|Writer|Correspondent)\b", re.I)
JOB_TITLE = re.compile(
    r"\b(?:staff writer|writer|correspondent|reporter|editor|columnist|contributor|producer|analyst|"
    r"bureau chief)\b", re.IGNORECASE,
)


def looks_like_outlet(name: str) -> bool:
    """A known outlet, or a short capitalised name with a newspaper word in it."""
    name = name.strip(" .,")
    if outlet_from_signature(name):
        return True
    words = name.split()
    return (
        1 <= len(words) <= 5 and all(w[:1].isupper() or w in ("of", "the", "and", "&", "del", "de", "la") for w in words)
        and bool(_OUTLET_WORD.search(name)) and not _NOT_OUTLET.search(name)
    )


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``, or None."""
    for match in DATE.finditer(text):
        date = _date_from_match(match)
        if date:
            return date
    return None


def _date_from_match(match: re.Match[str]) -> str | None:
    if match.group("iso"):
        year, month, day = int(match["y1"]), int(match["m1"]), int(match["d1"])
    elif match.group("mdy"):
        year, month, day = int(match["y2"]), _MONTHS[match["m2"][:3].lower()], int(match["d2"])
    elif match.group("dmy"):
        year, month, day = int(match["y3"]), _MONTHS[match["m3"][:3].lower()], int(match["d3"])
    elif match.group("slash"):
        year, month, day = int(match["y4"]), int(match["m4"]), int(match["d4"])
    else:
        year, month, day = int(match["y5"]), _MONTHS_ES[match["m5"].lower()], int(match["d5"])
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_line(line: str) -> str | None:
    """The date when the whole line is a date stamp ("9:17 AM – Friday, September 5, 2025")."""
    if len(line) > 120:
        return None
    match = DATE.search(line)
    if not match:
        return None
    rest = _DATE_WORDS.sub(" ", line[: match.start()] + " " + line[match.end() :])
    if re.fullmatch(r"[\W_]*", rest):
        return _date_from_match(match)
    return None


# A date in ISO 8601 form with a time after "T".
ISO_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT")


def normalize_given_date(value: object) -> str | None:
    """A given ``published`` value (ISO date/datetime or any common form) as YYYY-MM-DD/YYYY-MM/YYYY."""
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return text
    if re.fullmatch(r"(?:19|20)\d\d-[01]\d", text):
        return text
    if ISO_DATETIME.match(text):
        # an ISO date and time is read whole: "2025-09-05T99:00" is not a date to trust
        try:
            datetime.datetime.fromisoformat(re.sub(r"\s*[A-Z]{2,5}$", "", text))  # "… GMT"
        except ValueError:
            return None
    return parse_date(text)


def split_names(names: str) -> tuple[str, ...]:
    """Author names from "A and B", "A, B & C" or a list, in order, without duplicates."""
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*;\s*", names.strip())
    seen: list[str] = []
    for part in parts:
        name = part.strip(" .")
        if name and name not in seen:
            seen.append(name)
    return tuple(seen)


def outlet_from_signature(name: str) -> str | None:
    """The outlet a signature names ("Cable News Network" -> "CNN"), or None when unknown."""
    if len(name) > MAX_SIGNATURE_CHARS:
        return None
    key = re.sub(r"\s+", " ", name.strip(" .,")).lower()
    key = re.sub(r",? (?:inc|llc|ltd|plc|limited|company)\.?$", "", key)
    key = re.sub(r",? an? [\w .&]+ company$", "", key)
    return SIGNATURE_OUTLETS.get(key) or SIGNATURE_OUTLETS.get(key.removeprefix("the "))


def outlet_from_url(url: str) -> tuple[str, str] | None:
    """(outlet, how) from a URL's domain: a known name, or a readable name made from the domain."""
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("edition.").removeprefix("amp.")
    if not host or "." not in host:
        return None
    parts = host.split(".")
    for i in range(len(parts) - 1):
        known = DOMAIN_OUTLETS.get(".".join(parts[i:]))
        if known:
            return known, "url domain"
    return _domain_name(parts), "url domain (readable fallback)"


def _domain_name(parts: list[str]) -> str:
    second_level = {"co", "com", "org", "net", "gov", "ac"}
    label = parts[-2] if len(parts) >= 2 else parts[0]
    if label in second_level and len(parts) >= 3:
        label = parts[-3]
    return " ".join(piece.capitalize() for piece in re.split(r"[-_]", label) if piece)
